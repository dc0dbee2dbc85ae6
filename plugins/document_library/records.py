"""Pure core of the document library: YAML records to validated records and problems."""

import dataclasses
import datetime
import functools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from babel.dates import get_month_names

from .yaml_lines import LANGS, FileReport, Problem, describe, did_you_mean

logger = logging.getLogger(__name__)

ACCESS_LEVELS = ("public", "restricted")
KIND_GROUPS = ("documents", "materials")
KINDS_FILE = "document-kinds.yaml"
DOCUMENTS_DIR = "documents"
FILES_DIR = "files"

ATTACHMENT_KEYS = ("path", "title", "lang")
# The old site's counters, and the document's place in its "Văn bản mới" list
# (1 = first): what the old site showed, kept as it showed it.
LEGACY_KEYS = ("views", "downloads", "position")
KIND_KEYS = ("vi", "en", "group")
DATE_KEYS = ("issued", "effective", "expires")
DOCUMENT_KEYS = (
    ("code", "kind", "title", "summary", "issuer", "signer")
    + DATE_KEYS
    + ("posted", "fields", "tags", "access", "files", "related", "replaces")
    + ("legacy",)
)

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_RULE = "lower-case letters a-z, digits and single hyphens"
_DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATE_FORMS = "2022-06-10, 2022-06 or 2022"
MONTHS_EN = tuple(get_month_names("wide", locale="en")[month] for month in range(1, 13))
_POSTED_PATTERN = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?")
_POSTED_FORMS = "2026-12-03 or 2026-12-03 14:30 (Vietnam time)"


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; earlier precision sorts first."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # datetime.date knows month lengths and leap years; its messages are clear
        datetime.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, value: Any) -> "PartialDate":
        """Read 2022, "2022-06", "2022-06-10" or a date; else ValueError saying why."""
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        text = str(value) if isinstance(value, str | int) else ""
        match = None if isinstance(value, bool) else _DATE_PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(
                f"expected a date written {_DATE_FORMS}, got {describe(value)}"
            )
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            return cls(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{text} is not a real date ({exc})") from None

    def _key(self) -> tuple[int, int, int]:
        return self.year, self.month or 0, self.day or 0

    def __lt__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def definitely_before(self, other: "PartialDate") -> bool:
        """True only if self is earlier even at the coarser of the two precisions."""
        depth = min(len(self.iso().split("-")), len(other.iso().split("-")))
        return self._key()[:depth] < other._key()[:depth]

    def iso(self) -> str:
        """2022, 2022-06 or 2022-06-10."""
        parts = [f"{self.year:04d}"]
        parts += [f"{part:02d}" for part in (self.month, self.day) if part is not None]
        return "-".join(parts)

    def format(self, lang: str = "vi") -> str:
        """Vietnamese 10/06/2022, 06/2022 or 2022; English 10 June 2022, June 2022
        or 2022 (an English reader takes 10/06 for the sixth of October)."""
        if lang == "en":
            month = MONTHS_EN[self.month - 1] if self.month else None
            return " ".join(
                str(part) for part in (self.day, month, self.year) if part is not None
            )
        parts = [f"{part:02d}" for part in (self.day, self.month) if part is not None]
        return "/".join([*parts, f"{self.year:04d}"])


@dataclass(frozen=True)
class Kind:
    """A declared kind of document and the sidebar group that lists it."""

    id: str
    vi: str
    en: str
    group: str

    def name_in(self, lang: str) -> str:
        """The kind's name in `lang`, Vietnamese when that language is unknown."""
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class Attachment:
    """A file of a document; size and format come from the file itself."""

    path: str  # relative to data/documents/files/, POSIX separators
    title: str | None
    lang: str | None
    size: int
    format: str  # upper-case extension, e.g. PDF
    source_path: Path


@dataclass(frozen=True)
class DocumentRecord:
    """One validated document of the library."""

    id: str
    code: str | None
    kind: str
    title: dict[str, str]
    summary: dict[str, str]
    issuer: dict[str, str]  # by language; {} when the source does not state it
    signer: str | None
    issued: PartialDate | None
    effective: PartialDate | None
    expires: PartialDate | None
    # When the record was put on this site (Vietnam time, no zone): the order of
    # "new documents" and the feed's date. None: not stated.
    posted: datetime.datetime | None
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    access: str
    files: tuple[Attachment, ...]
    related: tuple[str, ...]
    replaces: tuple[str, ...]
    legacy: dict[str, int]
    source_path: Path

    @property
    def is_public(self) -> bool:
        return self.access == "public"

    def title_in(self, lang: str) -> tuple[str, str]:
        """(title, language used): Vietnamese when there is no title in `lang`."""
        return (
            (self.title[lang], lang) if lang in self.title else (self.title["vi"], "vi")
        )

    def summary_in(self, lang: str) -> tuple[str | None, str]:
        """(summary or None, language used), falling back to Vietnamese."""
        return _in_lang(self.summary, lang)

    def issuer_in(self, lang: str) -> tuple[str | None, str]:
        """(issuer or None when not stated, language used), else Vietnamese."""
        return _in_lang(self.issuer, lang)

    @property
    def newest_key(self) -> tuple:
        """The order of "new documents": the latest posted first; then those the
        old site listed, in its order; then the rest as the library sorts them."""
        posted = self.posted.timetuple()[:5] if self.posted else ()
        position = self.legacy.get("position")
        return (
            self.posted is None,
            tuple(-part for part in posted),
            position is None,
            position or 0,
            self.sort_key,
        )

    @property
    def sort_key(self) -> tuple:
        """Newest first, undated last, then code (or id) in natural order."""
        when = self.issued._key() if self.issued else (0, 0, 0)
        label = re.split(r"(\d+)", (self.code or self.id).casefold())
        natural = [int(part) if part.isdigit() else part for part in label]
        return self.issued is None, tuple(-part for part in when), natural, self.id


def _in_lang(texts: dict[str, str], lang: str) -> tuple[str | None, str]:
    if lang in texts:
        return texts[lang], lang
    return texts.get("vi"), "vi"


@dataclass
class Library:
    """Declared kinds and the documents that loaded without problems."""

    kinds: dict[str, Kind] = field(default_factory=dict)
    documents: list[DocumentRecord] = field(default_factory=list)
    _index: dict[str, DocumentRecord] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self._index = {document.id: document for document in self.documents}

    def by_id(self, document_id: str) -> DocumentRecord | None:
        return self._index.get(document_id)

    def public(self) -> list[DocumentRecord]:
        """Public documents, newest first."""
        return [document for document in self.documents if document.is_public]

    def replaced_by(self, document_id: str) -> list[DocumentRecord]:
        """Documents that list `document_id` under replaces, newest first."""
        return [doc for doc in self.documents if document_id in doc.replaces]


def _load_kinds(
    report: FileReport, *, required: bool
) -> tuple[dict[str, Kind], set[str] | None]:
    """Valid kinds, and every declared id (None when the file could not be read)."""
    example = "huong-dan: {vi: Hướng dẫn, en: Guidance, group: documents}"
    if not report.path.is_file():
        if required:
            report.add(None, f"kinds file not found; it declares kinds like {example}")
        return {}, None
    if not report.read():
        return {}, None
    data = report.located.data
    if not isinstance(data, dict):
        report.add(None, f"expected kinds like {example}; got {describe(data)}")
        return {}, None
    kinds = {}
    for kind_id, entry in data.items():
        before = report.count
        if not ID_PATTERN.fullmatch(kind_id):
            report.add(kind_id, f"kind id '{kind_id}' must use {ID_RULE}", on_key=True)
        if not isinstance(entry, dict):
            report.add(kind_id, f"expected {example[11:]}; got {describe(entry)}")
            continue
        report.check_keys(entry, KIND_KEYS, kind_id)
        vi = report.text(entry, kind_id, "vi", required=True, what="the name in vi")
        en = report.text(entry, kind_id, "en", required=True, what="the name in en")
        group = report.choice(entry, kind_id, "group", KIND_GROUPS, required=True)
        if report.count == before:
            kinds[kind_id] = Kind(kind_id, vi, en, group)
    return kinds, set(data)


def _attachments(
    report: FileReport, data: dict, files_dir: Path
) -> tuple[Attachment, ...]:
    """The files of a document, each checked on disk."""
    value, example = data.get("files"), "'- path: hd-59.pdf'"
    if value is not None and not isinstance(value, list):
        report.add("files", f"expected a list of {example}; got {describe(value)}")
    attachments = []
    for index, item in enumerate(value if isinstance(value, list) else []):
        prefix = f"files[{index}]"
        if not isinstance(item, dict):
            report.add(
                prefix, f"expected a mapping like {example}; got {describe(item)}"
            )
            continue
        report.check_keys(item, ATTACHMENT_KEYS, prefix)
        inside = f"a path inside {report.display(files_dir)}/, e.g. hd-59.pdf"
        path = report.text(item, prefix, "path", required=True, what=inside)
        title = report.text(item, prefix, "title")
        lang = report.choice(item, prefix, "lang", LANGS)
        source = path and _attachment_source(report, f"{prefix}.path", path, files_dir)
        if source:
            relative = source.relative_to(files_dir).as_posix()
            size, extension = source.stat().st_size, source.suffix[1:].upper()
            attachments.append(
                Attachment(relative, title, lang, size, extension, source)
            )
    return tuple(attachments)


def _attachment_source(report: FileReport, key: str, path: str, files_dir: Path):
    """The file on disk, or None after reporting why it cannot be used."""
    pure, inside = PurePosixPath(path), f"{report.display(files_dir)}/"
    # backslashes and drive letters would mean something else on another machine
    if pure.is_absolute() or ".." in pure.parts or "\\" in path or ":" in path:
        report.add(
            key, f"'{path}' must be a relative path inside {inside} without '..'"
        )
        return None
    source = files_dir / pure
    if not source.is_file():
        report.add(
            key, f"attachment not found; expected a file {report.display(source)}"
        )
        return None
    if not source.resolve().is_relative_to(files_dir.resolve()):
        report.add(key, f"'{path}' links to a file outside {inside}")
        return None
    return source


def _dates(report: FileReport, data: dict) -> dict[str, PartialDate | None]:
    """issued, effective and expires, checked against each other."""
    dates = {}
    for name in DATE_KEYS:
        dates[name] = None
        try:
            if data.get(name) is not None:
                dates[name] = PartialDate.parse(data[name])
        except ValueError as exc:
            report.add(name, str(exc))
    for later, earlier in (
        ("effective", "issued"),
        ("expires", "issued"),
        ("expires", "effective"),
    ):
        end, start = dates[later], dates[earlier]
        if end and start and end.definitely_before(start):
            message = f"{later} {end.iso()} is before {earlier} {start.iso()}"
            report.add(later, f"{message}; expected the same date or later")
    return dates


def _posted(report: FileReport, data: dict) -> datetime.datetime | None:
    """The day (and time) the record was put on the site, as the editor wrote it."""
    value = data.get("posted")
    if value is None:
        return None
    if isinstance(value, datetime.date):  # a YAML loader that reads dates
        value = value.isoformat(" ")[:16]
    match = _POSTED_PATTERN.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        report.add("posted", f"expected {_POSTED_FORMS}, got {describe(value)}")
        return None
    try:
        return datetime.datetime(*(int(part or 0) for part in match.groups()))
    except ValueError as exc:
        report.add("posted", f"{value} is not a real date and time ({exc})")
        return None


def _issuer(report: FileReport, data: dict) -> dict[str, str]:
    """Who issued it: a Vietnamese name, or names by language; {} when absent."""
    value = data.get("issuer")
    if isinstance(value, dict):
        return report.lang_map(data, "issuer", required=True)
    example = "the issuing body, e.g. Ban Tuyên giáo Trung ương, or {vi: ..., en: ...}"
    text = report.text(data, "", "issuer", what=example)
    return {"vi": text} if text else {}


def _legacy(report: FileReport, data: dict) -> dict[str, int]:
    """Counters carried over from the old site."""
    value, counts = data.get("legacy"), {}
    if value is not None and not isinstance(value, dict):
        example = "legacy: {views: 251, downloads: 105}"
        report.add(
            "legacy", f"expected a mapping like {example}; got {describe(value)}"
        )
        return counts
    report.check_keys(value or {}, LEGACY_KEYS, "legacy")
    for name in LEGACY_KEYS:
        count = (value or {}).get(name)
        lowest = 1 if name == "position" else 0
        if isinstance(count, int) and not isinstance(count, bool) and count >= lowest:
            counts[name] = count
        elif count is not None:
            report.add(
                f"legacy.{name}",
                f"expected a whole number {lowest} or more, got {describe(count)}",
            )
    return counts


def _document(
    report: FileReport, declared_kinds: set[str] | None, kinds_path: Path
) -> DocumentRecord | None:
    """Build a record from one parsed file, reporting everything wrong with it."""
    data, path = report.located.data, report.path
    if not isinstance(data, dict):
        expected = "keys such as 'kind:', 'title:' and 'issuer:'"
        report.add(None, f"expected {expected}; got {describe(data)}")
        return None
    if not ID_PATTERN.fullmatch(path.stem):
        message = f"file name '{path.name}' is not a valid id: use {ID_RULE}"
        report.add(None, f"{message}, e.g. hd-59-btgtw.yaml")
    report.check_keys(data, DOCUMENT_KEYS)
    listed = ", ".join(sorted(declared_kinds or ()))
    kind = report.text(data, "", "kind", required=True, what=f"one of: {listed}")
    if kind and declared_kinds is not None and kind not in declared_kinds:
        message = f"kind '{kind}' is not declared in {report.display(kinds_path)}"
        hint = did_you_mean(kind, declared_kinds)
        report.add("kind", f"{message}{hint}; expected one of: {listed}")
    dates = _dates(report, data)
    return DocumentRecord(
        id=path.stem,
        code=report.text(data, "", "code"),
        kind=kind or "",
        title=report.lang_map(data, "title", required=True),
        summary=report.lang_map(data, "summary"),
        issuer=_issuer(report, data),
        signer=report.text(data, "", "signer"),
        issued=dates["issued"],
        effective=dates["effective"],
        expires=dates["expires"],
        posted=_posted(report, data),
        fields=report.text_list(data, "fields"),
        tags=report.text_list(data, "tags"),
        access=report.choice(data, "", "access", ACCESS_LEVELS) or "public",
        files=_attachments(report, data, path.parent / FILES_DIR),
        related=report.text_list(data, "related"),
        replaces=report.text_list(data, "replaces"),
        legacy=_legacy(report, data),
        source_path=path,
    )


def _check_references(drafts: list, known_ids: set[str]) -> None:
    """Problems that need all files: shared codes and links to missing documents."""
    code_owners: dict[str, DocumentRecord] = {}
    for record, report in drafts:
        owner = code_owners.setdefault((record.code or "").casefold(), record)
        if record.code and owner is not record:
            other = report.display(owner.source_path)
            report.add("code", f"code {record.code} is also used by {other}")
        for name in ("related", "replaces"):
            for index, other in enumerate(getattr(record, name)):
                key = f"{name}[{index}]"
                if other == record.id:
                    report.add(key, "a document cannot list itself")
                elif other not in known_ids:
                    hint = did_you_mean(other, known_ids)
                    expected = report.display(record.source_path.parent / other)
                    message = f"no document '{other}'{hint}"
                    report.add(key, f"{message}; expected a file {expected}.yaml")


def load_library(
    data_dir: Path, display_root: Path | None = None, parsed: dict | None = None
) -> tuple[Library, list[Problem]]:
    """Read kinds and documents under `data_dir`; every problem of every file.
    `parsed`: what files parsed into in an earlier reading (FileReport)."""
    data_dir = Path(data_dir)
    root = data_dir.parent if display_root is None else Path(display_root)
    documents_dir = data_dir / DOCUMENTS_DIR
    problems: list[Problem] = []
    present = documents_dir.is_dir()
    paths = sorted(documents_dir.glob("*.yaml")) if present else []
    for stray in sorted(documents_dir.glob("*.yml")) if present else []:
        # a document skipped in silence would be worse than one that needs a rename
        message = f"documents must end in .yaml; rename it to {stray.stem}.yaml"
        FileReport(stray, root, problems).add(None, message)
    kinds_report = FileReport(data_dir / KINDS_FILE, root, problems, parsed)
    kinds, declared = _load_kinds(kinds_report, required=bool(paths))
    drafts = []
    for path in paths:
        report = FileReport(path, root, problems, parsed)
        if report.read():
            record = _document(report, declared, kinds_report.path)
            drafts += [(record, report)] if record else []
    _check_references(drafts, {path.stem for path in paths})
    # a kind with its own problems is missing from kinds; its problem covers the rest
    valid = [rec for rec, report in drafts if report.count == 0 and rec.kind in kinds]
    ids = {record.id for record in valid}
    documents = [
        # links to documents that failed would dangle; their own problems explain it
        dataclasses.replace(
            record,
            related=tuple(other for other in record.related if other in ids),
            replaces=tuple(other for other in record.replaces if other in ids),
        )
        for record in valid
    ]
    documents.sort(key=lambda record: record.sort_key)
    problems.sort(key=lambda problem: (str(problem.path), problem.line or 0))
    logger.debug(
        "Loaded %d documents, %d kinds, %d problems from %s",
        len(documents),
        len(kinds),
        len(problems),
        data_dir,
    )
    return Library(kinds, documents), problems
