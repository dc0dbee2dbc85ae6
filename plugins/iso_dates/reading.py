"""Pure: an ISO date as datetime, the value dateutil's parser gives for it.

Pelican reads every `Date:` and `Modified:` header with dateutil's parser, which
tries every way a date may be written: a third of a millisecond a file, seconds
for a large site, in each language's run. The site's checks hold editors to
`YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`; these are read here
directly. Anything else (and an impossible day or hour) is left to dateutil.
"""

import re
from datetime import datetime

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?")


def iso_date(text: str, kind: type = datetime) -> datetime | None:
    """`text` as a `kind` (naive) when it is a plain ISO date; else None."""
    found = ISO_DATE.fullmatch(text)
    if found is None:
        return None
    try:
        return kind(*(int(part) for part in found.groups() if part is not None))
    except ValueError:  # 2021-02-30, 24:00: dateutil says what is wrong
        return None
