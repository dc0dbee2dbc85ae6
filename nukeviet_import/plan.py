"""Deciding, before anything is written, what becomes of each NukeViet row.

For every row: skipped (and why), or the file it goes to, its address in the new
site, and the old addresses that lead there. Pure: it works on the rows read from
the database and on what the content and data folders already hold, so that the
same inputs always give the same plan, and a dry run shows exactly what a real run
does.

Rules, in the order they apply:
- Only what a reader who is not signed in saw on the old site is imported as an
  article: published (status 1), its time come (publtime), not expired (exptime),
  not a link to another site, in a public category. Documents: published; those
  not open to everyone become `access: restricted`.
- A row imported before keeps its file, its slug and its record id, wherever the
  file is now: addresses do not move between imports.
- An article that an editor already wrote by hand (no marker, same slug and same
  date and time) is the same article: it is left alone and the old address leads
  to it. The same goes for a document whose code an editor's record already has
  (or, when neither has a code, its title).
- Otherwise a new slug is the NukeViet alias (NukeViet's aliases are slugs too),
  made unique with "-<id>" when taken; a file name likewise.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sitebuild.checks.articles import slugify
from sitebuild.tools.scaffold import document_id

from .imported_files import ArticleFile, RecordFile
from .model import (
    MAIN_LANG,
    LawsModule,
    LawsRow,
    NewsModule,
    NewsRow,
    clean_text,
    is_public,
    vietnam_time,
)
from .old_addresses import (
    article_keys,
    document_keys,
    link_key,
    listing_key,
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NAME_END = re.compile(r"-(\d+)(?:\.html)?/?$")


@dataclass(frozen=True)
class SiteAddresses:
    """The new site's address patterns (pelicanconf's SITE_LANGUAGES and LIBRARY)."""

    article: dict[str, str]  # lang -> "tin-tuc/{slug}/"
    category: dict[str, str]  # lang -> "chuyen-muc/{slug}/"
    home: dict[str, str]  # lang -> "" or "en/"
    document: str  # "van-ban/{id}/"
    library: str  # "van-ban/"
    files: str  # "van-ban/tep/{path}"

    @classmethod
    def from_settings(cls, settings: dict) -> "SiteAddresses":
        languages, library = settings["SITE_LANGUAGES"], settings["LIBRARY"]
        main = settings["SITE_MAIN_LANG"]
        return cls(
            article={lang: s["ARTICLE_URL"] for lang, s in languages.items()},
            category={lang: s["CATEGORY_URL"] for lang, s in languages.items()},
            home={lang: s["HOME_URL"] for lang, s in languages.items()},
            document=library["urls"][main]["document"],
            library=library["urls"][main]["library"],
            files=library["files_url"],
        )

    def article_url(self, lang: str, slug: str) -> str:
        return "/" + self.article[lang].format(slug=slug)

    def category_url(self, lang: str, title: str) -> str:
        return "/" + self.category[lang].format(slug=slugify(title))

    def home_url(self, lang: str) -> str:
        return "/" + self.home[lang]

    def document_url(self, record_id: str) -> str:
        return "/" + self.document.format(id=record_id)

    def file_url(self, path: str) -> str:
        return "/" + self.files.format(path=path)


@dataclass
class Skipped:
    key: str
    title: str
    reason: str
    what: str  # "articles" or "documents"


@dataclass
class ArticlePlan:
    """Where one article goes. `owner` is "import" (the import writes the file) or
    "editor" (an editor's file stands there: it is left alone)."""

    row: NewsRow
    path: str  # relative to the content folder
    slug: str
    owner: str
    category: str
    translation_of: str | None = None  # the Vietnamese slug, for a translation
    original: bool = False  # an English article with no Vietnamese one
    existing: ArticleFile | None = None
    note: str | None = None

    @property
    def lang(self) -> str:
        return self.row.lang


@dataclass
class DocumentPlan:
    row: LawsRow
    record_id: str
    path: str  # relative to the data folder
    owner: str
    kind: str
    public: bool
    existing: RecordFile | None = None
    note: str | None = None


@dataclass
class Plan:
    articles: list[ArticlePlan] = field(default_factory=list)
    documents: list[DocumentPlan] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unknown_kinds: dict[str, list[str]] = field(default_factory=dict)  # kind -> keys
    # laws id -> record id, for related/replaces
    record_ids: dict[int, str] = field(default_factory=dict)

    def article_for(self, lang: str, row_id: int) -> ArticlePlan | None:
        return self._articles.get((lang, row_id))

    def __post_init__(self):
        self._articles: dict[tuple[str, int], ArticlePlan] = {}

    def add_article(self, plan: ArticlePlan) -> None:
        self.articles.append(plan)
        self._articles[(plan.lang, plan.row.id)] = plan


def skip_reason(row: NewsRow, categories: dict, now: int) -> str | None:
    """Why readers did not see this article on the old site, if they did not."""
    if row.status != 1:
        return f"not published (status {row.status})"
    if row.publ_time > now:
        return "scheduled for later"
    if row.exp_time and row.exp_time <= now:
        return "expired"
    if row.external_link:
        return "a link to another site"
    if not clean_text(row.title):
        return "no title"
    category = categories.get(row.cat_id)
    if category is None:
        return f"its category ({row.cat_id}) does not exist"
    if not category.public or (row.group_view and not is_public(row.group_view)):
        return "not open to every reader"
    return None


def _new_slug(alias: str, title: str) -> str:
    alias = alias.strip().lower()
    return alias if SLUG.fullmatch(alias) else slugify(clean_text(title))


def _unique(candidate: str, taken: set[str], row_id: int) -> str:
    if candidate not in taken:
        return candidate
    candidate = f"{candidate}-{row_id}"
    number = 2
    while candidate in taken:
        candidate = f"{candidate.rsplit('-', 1)[0]}-{number}"
        number += 1
    return candidate


def _linked_id(url: str, module_names: Iterable[str]) -> int | None:
    """The id at the end of the address NukeViet 4.6 keeps for a translation."""
    key = link_key(url) if "://" not in url else link_key(_path_of(url))
    if key is None:
        return None
    parts = key.split("/")
    if len(parts) < 4 or parts[1] not in module_names:
        return None
    match = NAME_END.search(parts[-1])
    return int(match[1]) if match else None


def _path_of(url: str) -> str:
    after = url.split("://", 1)[1]
    return "/" + after.split("/", 1)[1] if "/" in after else "/"


class Planner:
    def __init__(
        self,
        news: dict[str, NewsModule],
        laws: LawsModule | None,
        articles: list[ArticleFile],
        records: list[RecordFile],
        kinds: dict[str, str],
        now: int,
    ):
        self.news = news
        self.laws = laws
        self.now = now
        self.kinds = kinds
        self.plan = Plan()
        self.imported_articles = {a.mark.key: a for a in articles if a.mark}
        self.editor_articles = {(a.lang, a.slug): a for a in articles if a.mark is None}
        self.paths = {a.path for a in articles}
        self.slugs = {
            lang: {a.slug for a in articles if a.lang == lang} for lang in ("vi", "en")
        }
        self.imported_records = {r.mark.key: r for r in records if r.mark}
        self.editor_codes = {
            r.code.casefold(): r for r in records if r.mark is None and r.code
        }
        self.editor_titles = {
            _same_words(r.title): r
            for r in records
            if r.mark is None and not r.code and r.title
        }
        self.record_names = {r.id for r in records}
        self.codes: set[str] = set()  # of the documents planned so far

    def run(self) -> Plan:
        if MAIN_LANG in self.news:
            for row in self.news[MAIN_LANG].rows:
                self._vietnamese(row)
        for lang, module in self.news.items():
            if lang != MAIN_LANG:
                links = self._translation_links(lang)
                for row in module.rows:
                    self._other_language(row, links.get(row.id))
        if self.laws is not None:
            for row in self.laws.rows:
                self._document(row)
        return self.plan

    # Articles ----------------------------------------------------------------

    def _skip(self, row, reason: str) -> None:
        what = "documents" if isinstance(row, LawsRow) else "articles"
        self.plan.skipped.append(Skipped(row.key, clean_text(row.title), reason, what))

    def _category(self, row: NewsRow) -> str:
        return self.news[row.lang].categories[row.cat_id].title

    def _vietnamese(self, row: NewsRow) -> None:
        reason = skip_reason(row, self.news[row.lang].categories, self.now)
        if reason:
            self._skip(row, reason)
            return
        existing = self.imported_articles.get(row.key)
        if existing is not None:
            plan = ArticlePlan(
                row,
                existing.path,
                existing.slug,
                "import",
                self._category(row),
                existing=existing,
            )
            self.plan.add_article(plan)
            return
        slug = _new_slug(row.alias, row.title)
        when = f"{vietnam_time(row.publ_time):%Y-%m-%d %H:%M}"
        editor = self.editor_articles.get((row.lang, slug))
        if editor is not None and editor.date.strip()[:16] == when:
            self.plan.add_article(
                ArticlePlan(
                    row,
                    editor.path,
                    editor.slug,
                    "editor",
                    self._category(row),
                    existing=editor,
                    note="an editor's article with the same title and time",
                )
            )
            return
        slug = _unique(slug, self.slugs[row.lang], row.id)
        self.slugs[row.lang].add(slug)
        year = vietnam_time(row.publ_time).year
        path = self._free_path(f"{year}/{slug}", ".md", row.id)
        self.plan.add_article(
            ArticlePlan(row, path, slug, "import", self._category(row))
        )

    def _free_path(self, stem: str, suffix: str, row_id: int) -> str:
        path = stem + suffix
        if path in self.paths:
            path = f"{stem}-{row_id}{suffix}"
        self.paths.add(path)
        return path

    def _translation_links(self, lang: str) -> dict[int, int]:
        """Rows of `lang` that NukeViet links to a Vietnamese row: their vi ids."""
        links: dict[int, int] = {}
        names = {self.news[lang].module.name}
        main = self.news.get(MAIN_LANG)
        vi_names = {main.module.name} if main else set()
        for row in main.rows if main else ():
            url = row.localization.get(lang)
            other = _linked_id(url, names) if url else None
            if other is not None:
                links.setdefault(other, row.id)
        for row in self.news[lang].rows:
            url = row.localization.get(MAIN_LANG)
            other = _linked_id(url, vi_names) if url else None
            if other is not None:
                links.setdefault(row.id, other)
        return links

    def _other_language(self, row: NewsRow, vi_id: int | None) -> None:
        reason = skip_reason(row, self.news[row.lang].categories, self.now)
        if reason:
            self._skip(row, reason)
            return
        original = self.plan.article_for(MAIN_LANG, vi_id) if vi_id else None
        existing = self.imported_articles.get(row.key)
        if original is not None:
            stem = original.path.removesuffix(".md")
            path = f"{stem}.{row.lang}.md"
            if existing is not None:
                path = existing.path
            slug = (
                existing.slug
                if existing
                else _unique(
                    _new_slug(row.alias, row.title), self.slugs[row.lang], row.id
                )
            )
            if existing is None and path in self.paths:
                editor = next(
                    (a for a in self.editor_articles.values() if a.path == path), None
                )
                if editor is not None:
                    self.plan.add_article(
                        ArticlePlan(
                            row,
                            path,
                            editor.slug,
                            "editor",
                            self._category(row),
                            existing=editor,
                            note="an editor's translation stands there",
                        )
                    )
                    return
                path = self._free_path(f"{stem}-{row.id}.{row.lang}", ".md", row.id)
            self.paths.add(path)
            self.slugs[row.lang].add(slug)
            self.plan.add_article(
                ArticlePlan(
                    row,
                    path,
                    slug,
                    "import",
                    self._category(row),
                    translation_of=original.slug,
                    existing=existing,
                )
            )
            return
        if existing is not None:
            self.plan.add_article(
                ArticlePlan(
                    row,
                    existing.path,
                    existing.slug,
                    "import",
                    self._category(row),
                    original=True,
                    existing=existing,
                )
            )
            return
        # An English original: its slug must be no Vietnamese article's (Pelican
        # pairs articles of the same slug as translations).
        taken = self.slugs[row.lang] | self.slugs[MAIN_LANG]
        slug = _unique(_new_slug(row.alias, row.title), taken, row.id)
        self.slugs[row.lang].add(slug)
        year = vietnam_time(row.publ_time).year
        path = self._free_path(f"{year}/{slug}.{row.lang}", ".md", row.id)
        self.plan.add_article(
            ArticlePlan(row, path, slug, "import", self._category(row), original=True)
        )

    # Documents ---------------------------------------------------------------

    def _kind(self, row: LawsRow) -> str | None:
        alias, title = self.laws.tables.kinds.get(row.cat_id, ("", ""))
        if alias.lower() in self.kinds:
            return alias.lower()
        wanted = " ".join(title.casefold().split())
        for kind_id, name in self.kinds.items():
            if " ".join(name.casefold().split()) == wanted and wanted:
                return kind_id
        label = title or f"laws category {row.cat_id}"
        self.plan.unknown_kinds.setdefault(label, []).append(row.key)
        return None

    def _document(self, row: LawsRow) -> None:
        if row.status != 1:
            self._skip(row, f"not published (status {row.status})")
            return
        if not clean_text(row.title):
            self._skip(row, "no title")
            return
        kind = self._kind(row)
        if kind is None:
            label = self.laws.tables.kinds.get(row.cat_id, ("", ""))[1]
            self._skip(
                row, f"kind {label or row.cat_id!r} is not in data/document-kinds.yaml"
            )
            return
        public = is_public(row.groups_view)
        existing = self.imported_records.get(row.key)
        code = clean_text(row.code)
        if existing is not None:
            plan = DocumentPlan(
                row, existing.id, existing.path, "import", kind, public, existing
            )
        else:
            if code:
                editor = self.editor_codes.get(code.casefold())
            else:
                editor = self.editor_titles.get(_same_words(clean_text(row.title)))
            if editor is not None:
                plan = DocumentPlan(
                    row,
                    editor.id,
                    editor.path,
                    "editor",
                    kind,
                    editor.access == "public",
                    editor,
                    "an editor's record of the same document (its code, or its "
                    "title when neither has a code)",
                )
            else:
                if code and code.casefold() in self.codes:
                    self._skip(
                        row, f"code {code} is also the code of an earlier document"
                    )
                    return
                record_id = _unique(_record_id(code, row), self.record_names, row.id)
                self.record_names.add(record_id)
                plan = DocumentPlan(
                    row,
                    record_id,
                    f"documents/{record_id}.yaml",
                    "import",
                    kind,
                    public,
                )
        self.plan.documents.append(plan)
        self.plan.record_ids[row.id] = plan.record_id
        if code:
            self.codes.add(code.casefold())


def _same_words(text: str) -> str:
    return " ".join(clean_text(text).casefold().split())


def _record_id(code: str, row: LawsRow) -> str:
    if code:
        found = document_id(code, "")
        if SLUG.fullmatch(found):
            return found
    alias = row.alias.strip().lower()
    if SLUG.fullmatch(alias):
        return alias
    found = document_id("", clean_text(row.title))
    return found if SLUG.fullmatch(found) else f"van-ban-{row.id}"


def make_plan(news, laws, articles, records, kinds, now) -> Plan:
    return Planner(news, laws, articles, records, kinds, now).run()


def redirects(
    plan: Plan,
    addresses: SiteAddresses,
    news: dict[str, NewsModule],
    laws: LawsModule | None,
) -> dict[str, str]:
    """Old keys -> new addresses for every article and public document the new
    site shows, their categories' and modules' first pages."""
    found: dict[str, str] = {}
    shown_categories: dict[tuple[str, int], str] = {}
    for article in plan.articles:
        if article.existing is not None and article.existing.status == "draft":
            continue
        row = article.row
        categories = news[row.lang].categories
        aliases = [
            categories[c].alias for c in (row.cat_id, *row.cat_ids) if c in categories
        ]
        url = addresses.article_url(row.lang, article.slug)
        for key in article_keys(row.lang, row.module.name, aliases, row.alias, row.id):
            found[key] = url
        if article.owner == "import":
            shown_categories[(row.lang, row.cat_id)] = article.category
    for lang, module in news.items():
        found[listing_key(lang, module.module.name)] = addresses.home_url(lang)
        for (category_lang, cat_id), title in shown_categories.items():
            if category_lang == lang:
                alias = module.categories[cat_id].alias
                found[listing_key(lang, module.module.name, alias)] = (
                    addresses.category_url(lang, title)
                )
    if laws is not None:
        found[listing_key(laws.module.lang, laws.module.name)] = "/" + addresses.library
        for document in plan.documents:
            if not document.public:
                continue  # its address would name it to anyone
            row = document.row
            for key in document_keys(
                row.module.lang,
                row.module.name,
                row.module.detail_op,
                row.alias,
                row.id,
            ):
                found[key] = addresses.document_url(document.record_id)
    return found
