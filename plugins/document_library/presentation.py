"""Pure: validated records to what the templates show, in one language.

Only public documents get here, unless the settings include restricted ones (the
briefers' build only): a restricted document, and every link to it, is otherwise
left out before anything is rendered, so no template can leak it.
"""

import datetime
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal

from .config import LibrarySettings
from .records import Attachment, DocumentRecord, Library, PartialDate

SIZE_UNITS = ("KB", "MB", "GB")


def human_size(size: int, lang: str) -> str:
    """532 B, 12 KB, 1.4 MB (Vietnamese: 1,4 MB), in units of 1024: the page's
    language says which mark is the decimal one (Babel's locale data)."""
    if size < 1024:
        return f"{format_decimal(size, '0', locale=lang)} B"
    value = float(size)
    for unit in SIZE_UNITS:
        value /= 1024
        if value < 1024 or unit == SIZE_UNITS[-1]:
            break
    pattern = "0.0" if value < 10 else "0"  # never grouped: 1023 KB, not 1,023
    return f"{format_decimal(value, pattern, locale=lang)} {unit}"


def whole_number(number: int, lang: str) -> str:
    """1,234 in English, 1.234 in Vietnamese (Babel's locale data)."""
    return format_decimal(number, locale=lang)


@dataclass(frozen=True)
class DateView:
    """A partial date as shown (10/06/2022, 06/2022, 2022) and for <time datetime>.

    It stays as precise as the source: never a day where only a year is known."""

    text: str
    iso: str

    @classmethod
    def of(cls, value: PartialDate | None, lang: str) -> "DateView | None":
        if value is None:
            return None
        return cls(value.format(lang), value.iso())


@dataclass(frozen=True)
class DocumentLink:
    """Enough of a document to link to it: code, title (and its language), URL."""

    id: str
    code: str | None
    title: str
    title_lang: str
    url: str
    issued: DateView | None
    restricted: bool = False


@dataclass(frozen=True)
class AttachmentView:
    """One downloadable file."""

    title: str
    lang: str | None
    format: str
    size: str
    bytes: int
    url: str


@dataclass(frozen=True)
class DocumentView:
    """A document in the page's language, with its relations that are shown."""

    id: str
    code: str | None
    url: str
    title: str
    title_lang: str
    summary: str | None
    summary_lang: str
    kind: str
    kind_name: str
    kind_url: str
    group: str
    issuer: str | None  # None: the source does not state it
    issuer_lang: str
    signer: str | None
    issued: DateView | None
    effective: DateView | None
    expires: DateView | None
    year: int | None
    year_url: str | None
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    attachments: tuple[AttachmentView, ...]
    formats: tuple[str, ...]
    replaces: tuple[DocumentLink, ...]
    replaced_by: tuple[DocumentLink, ...]
    related: tuple[DocumentLink, ...]
    views: str | None  # the old site's counters, as it showed them
    downloads: str | None
    posted: datetime.datetime | None  # put on this site (Vietnam time)
    articles: tuple[Any, ...]  # the run's articles that name it, newest first
    restricted: bool = False  # only ever True in the briefers' (members') build


@dataclass(frozen=True)
class Facet:
    """One kind or one year, with its page and how many documents it shows; the
    year facet `undated` holds the documents whose date the source does not state
    (its name is the template's to say)."""

    value: str
    name: str
    url: str
    count: int
    undated: bool = False


@dataclass(frozen=True)
class FacetLink:
    """One of a listing's browse links: a kind or a year (value "" : all of them)
    combined with the listing's other choice, how many documents that shows, and
    whether it is the listing itself."""

    value: str
    name: str  # "" for all kinds or years, and for the undated year
    url: str
    count: int
    current: bool
    undated: bool = False


@dataclass(frozen=True)
class ListingPage:
    """A listing: the whole library, one kind, one year, or one kind in one year
    (so that kind and year combine without JavaScript)."""

    key: str  # "library", "kind", "year" or "kind_year": the URL pattern it uses
    values: Mapping[str, Any]
    documents: tuple[DocumentView, ...]
    facet: Facet | None = None  # the kind's or the year's (one-choice pages)
    kind: Facet | None = None
    year: Facet | None = None
    kind_links: tuple[FacetLink, ...] = ()
    year_links: tuple[FacetLink, ...] = ()


@dataclass
class LibraryView:
    """Everything the templates of one language run show of the library."""

    lang: str
    url: str
    feed_url: str | None  # None: no document says when it was posted, so no feed
    documents: tuple[DocumentView, ...]
    kinds: tuple[Facet, ...]
    years: tuple[Facet, ...]
    issuers: tuple[tuple[str, str], ...]  # (name, its language), alphabetical
    fields: tuple[str, ...]
    new_documents: tuple[DocumentView, ...]  # "Văn bản mới", newest first
    pages: tuple[ListingPage, ...]
    # article source path -> the public documents it names (filled by the glue)
    article_documents: dict[str, list[DocumentView]] = field(default_factory=dict)
    # the sidebar blocks as HTML, the same on every page (rendered by the glue)
    sidebar_html: str | None = None
    # what stands for the year of the documents without a stated date
    undated: str = ""

    def __post_init__(self):
        self._by_id = {document.id: document for document in self.documents}

    def by_id(self, document_id: str) -> DocumentView | None:
        return self._by_id.get(document_id)

    def named(self, ids: Iterable[str]) -> list[DocumentView]:
        """The public documents among `ids`, in that order, each once."""
        found = (self._by_id.get(document_id) for document_id in dict.fromkeys(ids))
        return [document for document in found if document is not None]


def split_ids(value: Any) -> list[str]:
    """An article's `Documents: a, b` metadata as ids."""
    if isinstance(value, str):
        value = value.split(",")
    return [str(item).strip() for item in value or () if str(item).strip()]


def _attachment(item: Attachment, config: LibrarySettings, lang: str) -> AttachmentView:
    return AttachmentView(
        title=item.title or item.path.rsplit("/", 1)[-1],
        lang=item.lang,
        format=item.format,
        size=human_size(item.size, lang),
        bytes=item.size,
        url=config.file_url(item.path),
    )


def library_view(
    library: Library,
    config: LibrarySettings,
    lang: str,
    mentions: Sequence[tuple[Any, Sequence[str]]] = (),
) -> LibraryView:
    """The public part of `library` as `lang` shows it (and the restricted part,
    marked, when the settings include it).

    `mentions` pairs each article (newest first) with the document ids it names.
    """
    shown = library.documents if config.include_restricted else library.public()
    shown_ids = {document.id for document in shown}
    links = {
        document.id: DocumentLink(
            document.id,
            document.code,
            *document.title_in(lang),
            config.url(lang, "document", id=document.id),
            DateView.of(document.issued, lang),
            restricted=not document.is_public,
        )
        for document in shown
    }
    related: dict[str, dict[str, None]] = {document.id: {} for document in shown}
    for document in shown:
        for other in document.related:
            if other in shown_ids:  # related both ways, hidden ones dropped
                related[document.id][other] = None
                related[other][document.id] = None
    articles: dict[str, list] = {document.id: [] for document in shown}
    for article, ids in mentions:
        for document_id in dict.fromkeys(ids):
            if document_id in articles:
                articles[document_id].append(article)

    def view(document: DocumentRecord) -> DocumentView:
        kind = library.kinds[document.kind]
        summary, summary_lang = document.summary_in(lang)
        issuer, issuer_lang = document.issuer_in(lang)
        year = document.issued.year if document.issued else None
        attachments = tuple(_attachment(item, config, lang) for item in document.files)
        return DocumentView(
            id=document.id,
            code=document.code,
            url=links[document.id].url,
            title=links[document.id].title,
            title_lang=links[document.id].title_lang,
            summary=summary,
            summary_lang=summary_lang,
            kind=kind.id,
            kind_name=kind.name_in(lang),
            kind_url=config.url(lang, "kind", kind=kind.id),
            group=kind.group,
            issuer=issuer,
            issuer_lang=issuer_lang,
            signer=document.signer,
            issued=DateView.of(document.issued, lang),
            effective=DateView.of(document.effective, lang),
            expires=DateView.of(document.expires, lang),
            year=year,
            year_url=config.url(lang, "year", year=year) if year else None,
            fields=document.fields,
            tags=document.tags,
            attachments=attachments,
            formats=tuple(dict.fromkeys(item.format for item in attachments)),
            replaces=tuple(links[i] for i in document.replaces if i in links),
            replaced_by=tuple(
                links[other.id]
                for other in library.replaced_by(document.id)
                if other.id in links
            ),
            related=tuple(links[i] for i in related[document.id]),
            views=_count(document.legacy.get("views"), lang),
            downloads=_count(document.legacy.get("downloads"), lang),
            posted=document.posted,
            articles=tuple(articles[document.id]),
            restricted=not document.is_public,
        )

    documents = tuple(view(document) for document in shown)
    by_id = {document.id: document for document in documents}
    kinds = tuple(
        Facet(kind.id, kind.name_in(lang), config.url(lang, "kind", kind=kind.id), n)
        for kind in library.kinds.values()
        if (n := sum(1 for document in documents if document.kind == kind.id))
    )
    counted_years: dict[int | None, int] = {}
    for document in documents:
        counted_years[document.year] = counted_years.get(document.year, 0) + 1
    undated_value = (config.undated or {}).get(lang, "")
    years = tuple(
        Facet(str(year), str(year), config.url(lang, "year", year=year), count)
        for year, count in sorted(
            (item for item in counted_years.items() if item[0] is not None),
            reverse=True,
        )
    )
    if None in counted_years:
        years += (
            Facet(
                undated_value,
                "",
                config.url(lang, "year", year=None),
                counted_years[None],
                undated=True,
            ),
        )
    return LibraryView(
        lang=lang,
        url=config.url(lang, "library"),
        feed_url=config.url(lang, "feed")
        if config.has_feed(lang) and feed_documents(documents)
        else None,
        documents=documents,
        kinds=kinds,
        years=years,
        issuers=tuple(
            sorted(
                {(d.issuer, d.issuer_lang) for d in documents if d.issuer},
                key=lambda pair: (_folded(pair[0]), pair),
            )
        ),
        fields=_sorted_texts(
            item for document in documents for item in document.fields
        ),
        new_documents=tuple(
            by_id[record.id]
            for record in sorted(shown, key=lambda record: record.newest_key)
        )[: config.new_documents],
        pages=listing_pages(documents, kinds, years, config, lang),
        undated=undated_value,
    )


def _year_of(facet: Facet) -> int | None:
    return None if facet.undated else int(facet.value)


def listing_pages(
    documents: tuple[DocumentView, ...],
    kinds: tuple[Facet, ...],
    years: tuple[Facet, ...],
    config: LibrarySettings,
    lang: str,
) -> tuple[ListingPage, ...]:
    """The library, each kind, each year (the undated too) and each kind in each
    year that has documents, each with links to the others: a kind's links to its
    years, a year's to its kinds, every count within the listing's other choice."""
    cells: dict[tuple[str, str], list[DocumentView]] = {}
    for document in documents:
        year = str(document.year) if document.year else None
        key = (document.kind, year)
        cells.setdefault(key, []).append(document)
    year_values = {
        facet.value: (None if facet.undated else facet.value) for facet in years
    }

    def chosen(kind: Facet | None, year: Facet | None) -> list[DocumentView]:
        wanted_year = year_values[year.value] if year else None
        return [
            document
            for document in documents
            if (kind is None or document.kind == kind.value)
            and (
                year is None
                or (str(document.year) if document.year else None) == wanted_year
            )
        ]

    def page_of(kind: Facet | None, year: Facet | None) -> tuple[str, dict]:
        if kind and year:
            return "kind_year", {"kind": kind.value, "year": _year_of(year)}
        if kind:
            return "kind", {"kind": kind.value}
        if year:
            return "year", {"year": _year_of(year)}
        return "library", {}

    def link(value, name, kind, year, count, current, undated=False) -> FacetLink:
        key, values = page_of(kind, year)
        url = config.url(lang, key, **values)
        return FacetLink(value, name, url, count, current, undated)

    def count(kind: Facet | None, year: Facet | None) -> int:
        if kind is None and year is None:
            return len(documents)
        if kind is None:
            return year.count if year else len(documents)
        wanted_year = year_values[year.value] if year else None
        if year is None:
            return kind.count
        return len(cells.get((kind.value, wanted_year), ()))

    pages = []
    for kind in (None, *kinds):
        for year in (None, *years):
            shown = count(kind, year)
            if not shown and (kind or year):  # the library has its page, even empty
                continue
            key, values = page_of(kind, year)
            kind_links = [link("", "", None, year, count(None, year), kind is None)]
            kind_links += [
                link(other.value, other.name, other, year, n, other == kind)
                for other in kinds
                if (n := count(other, year))
            ]
            year_links = [link("", "", kind, None, count(kind, None), year is None)]
            year_links += [
                link(
                    other.value,
                    other.name,
                    kind,
                    other,
                    n,
                    other == year,
                    other.undated,
                )
                for other in years
                if (n := count(kind, other))
            ]
            pages.append(
                ListingPage(
                    key,
                    values,
                    tuple(chosen(kind, year)),
                    kind if year is None else year if kind is None else None,
                    kind,
                    year,
                    tuple(kind_links),
                    tuple(year_links),
                )
            )
    return tuple(pages)


def feed_documents(documents: Iterable[DocumentView]) -> list[DocumentView]:
    """The documents a feed lists, latest first: those that say when they were put
    on the site (an entry's date is that day; an issue date known only to the
    year or month would have to be made into a day it does not state)."""
    posted = [document for document in documents if document.posted is not None]
    return sorted(posted, key=lambda document: document.posted, reverse=True)


def _count(value: int | None, lang: str) -> str | None:
    return None if value is None else whole_number(value, lang)


def _sorted_texts(texts: Iterable[str]) -> tuple[str, ...]:
    """Distinct texts in alphabetical order, Vietnamese letters beside their base."""
    return tuple(sorted(set(texts), key=lambda text: (_folded(text), text)))


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
