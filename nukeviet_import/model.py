"""What the import reads from a NukeViet database, as plain values.

The names follow NukeViet's own columns (modules/news/action_mysql.php of NukeViet 4,
modules/laws/action_mysql.php of its laws module), so that each field can be traced
back to the column it comes from. Text is as the database holds it (HTML entities,
NFD or NFC); the writers clean it.
"""

import html
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MAIN_LANG = "vi"
# NukeViet's group "all" (6) and "guests" (5): a reader who is not signed in sees
# what is open to either (nv_user_in_groups in includes/functions.php).
PUBLIC_GROUPS = {"5", "6"}


def clean_text(value: str | None) -> str:
    """A text column as readers saw it: entities decoded, NFC, outer spaces gone.

    NukeViet stores titles through htmlspecialchars (`&quot;`) and keeps whatever
    form of Vietnamese the editor's keyboard produced (NFD or NFC).
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", html.unescape(value))
    return " ".join(text.split())


def vietnam_time(timestamp: int) -> datetime:
    """A Unix time of the database as the office's clock showed it."""
    return datetime.fromtimestamp(timestamp, VIETNAM)


def is_public(groups: str | None) -> bool:
    """True when a reader who is not signed in could see it on the old site."""
    return bool(PUBLIC_GROUPS & {part.strip() for part in (groups or "").split(",")})


def id_list(value: str | None) -> tuple[int, ...]:
    """NukeViet's comma-separated ids ("3,5,") as numbers, zeros and blanks left out."""
    ids = []
    for part in (value or "").split(","):
        part = part.strip()
        if part.isdigit() and int(part) > 0 and int(part) not in ids:
            ids.append(int(part))
    return tuple(ids)


@dataclass(frozen=True)
class ModuleInfo:
    """A module of one language: its name in addresses, tables and uploads folder."""

    lang: str
    name: str  # in the old addresses (the `title` of <prefix>_<lang>_modules)
    data: str  # in table names: <prefix>_<lang>_<data>_rows
    upload: str  # its folder under uploads/
    detail_op: str = "detail"  # the laws module's address of a document


@dataclass(frozen=True)
class NewsCategory:
    id: int
    parent_id: int
    title: str
    alias: str
    public: bool


@dataclass
class NewsRow:
    """One article of the news module (a row of _rows with what _detail adds)."""

    lang: str
    module: ModuleInfo
    id: int
    cat_id: int
    cat_ids: tuple[int, ...]
    author: str
    source_id: int
    add_time: int
    edit_time: int
    status: int
    publ_time: int
    exp_time: int
    title: str
    alias: str
    hometext: str
    image_file: str
    image_alt: str
    image_thumb: int
    external_link: bool
    source_text: str = ""
    files: tuple[str, ...] = ()
    group_view: str = ""
    localization: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The row's id in this import: language, module, NukeViet id."""
        return f"{self.lang}/{self.module.data}/{self.id}"


@dataclass
class LawsRow:
    """One document of the laws module (a row of _row)."""

    module: ModuleInfo
    id: int
    title: str
    alias: str
    code: str
    cat_id: int
    subject_id: int
    signer_id: int
    area_ids: tuple[int, ...]
    introtext: str
    has_body: bool
    groups_view: str
    files: tuple[str, ...]
    status: int
    add_time: int
    publ_time: int
    start_valid: int
    exp_time: int
    view_hits: int
    download_hits: int
    replacement: tuple[int, ...]
    relatement: tuple[int, ...]

    @property
    def key(self) -> str:
        return f"{self.module.lang}/{self.module.data}/{self.id}"


@dataclass
class LawsTables:
    """The laws module's lists that rows point into, by id."""

    kinds: dict[int, tuple[str, str]] = field(default_factory=dict)  # (alias, title)
    subjects: dict[int, str] = field(default_factory=dict)  # issuing bodies
    signers: dict[int, str] = field(default_factory=dict)
    areas: dict[int, str] = field(default_factory=dict)
    replaced: dict[int, tuple[int, ...]] = field(default_factory=dict)  # _set_replace


@dataclass
class NewsModule:
    """One language's news module: its categories, sources and rows (no bodies)."""

    module: ModuleInfo
    categories: dict[int, NewsCategory]
    sources: dict[int, str]
    rows: list[NewsRow]


@dataclass
class LawsModule:
    module: ModuleInfo
    tables: LawsTables
    rows: list[LawsRow]
