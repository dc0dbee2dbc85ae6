"""What a page is rendered from, as one hash: equal keys, equal pages.

A run renders its pages from its inputs: settings, code, theme, packages, data
files, and its content files, its own language's whole, the other's by their
header. The runner hands the run one digest of those inputs with the run's own
articles by their header too (`inputs`): what every listing, tag page, archive and
library page shows. A page that shows a content object as such (an article's own
page, a page's) shows its body too, so a page's key joins:

- the inputs' digest;
- the template and the page's output name (which listing page, which article);
- the body of each content object its render is given as such, by name.

So editing the body of one article changes the key of its own page only, while a
new title, date, category or address, a data file or a setting changes the inputs'
digest and so every key. A page whose template showed the body of a content other
than the one it is given would escape this; none of the theme's does (listings show
titles, dates and categories; feeds are not pages and are always written).
"""

import hashlib
from collections.abc import Iterable


def page_key(
    inputs: str, template: str, output_file: str, bodies: Iterable[tuple[str, str]]
) -> str:
    """The key of one page; `bodies` are (name, body) of the content objects its
    render is given as such."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{inputs}\0{template}\0{output_file}".encode())
    for name, body in bodies:
        digest.update(f"\0{name}\0{len(body)}\0".encode())
        digest.update(body.encode())
    return digest.hexdigest()
