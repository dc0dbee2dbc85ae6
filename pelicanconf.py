"""Site settings shared by every build (development and production).

The build runs Pelican once per language of SITE_LANGUAGES: the settings below are
common, and each language's dictionary overrides them for its run.
"""

SITE_MAIN_LANG = "vi"
DEFAULT_LANG = SITE_MAIN_LANG
TIMEZONE = "Asia/Ho_Chi_Minh"
SITEURL = ""
RELATIVE_URLS = False

PATH = "content"
DATA_PATH = "data"
THEME = "theme"
PLUGINS = [
    "plugins.quick_inline",
    "plugins.iso_dates",
    "plugins.bilingual",
    # After bilingual: it cleans what bilingual's reader returns.
    "plugins.safe_html",
    "plugins.vi_dates",
    "plugins.theme_gettext",
    "plugins.theme_assets",
    "plugins.category_neighbors",
    "plugins.related_articles",
    "plugins.indexed_article_lists",
    "plugins.multilingual_sitemap",
    "plugins.document_library",
    "plugins.site_identity",
    "plugins.responsive_images",
    "plugins.feed_summaries",
    "plugins.empty_feeds",
    "plugins.vietnamese_search",
    "plugins.written_bodies",
]

# Only Markdown files ending in .md are read (the source checks refuse the other
# extensions Pelican would read, so that no file skips the checks).
READERS = {
    extension: None
    for extension in ("markdown", "mkd", "mdown", "html", "htm", "rst", "txt")
}
# Articles live in content/<year>/; an English translation is <name>.en.md.
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "images"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Images are Vietnamese content (DEFAULT_METADATA) seen from the English run too:
# one address whatever the run's language.
STATIC_LANG_URL = "{path}"
STATIC_LANG_SAVE_AS = "{path}"
FILENAME_METADATA = r".+\.(?P<lang>en|vi)"
# Content is Vietnamese unless it says otherwise, whichever language is being built.
DEFAULT_METADATA = {"lang": SITE_MAIN_LANG}
ARTICLE_TRANSLATION_ID = "translation_key"
PAGE_TRANSLATION_ID = "translation_key"
DEFAULT_PAGINATION = 10
CATEGORY_NEIGHBORS = 5
RELATED_ARTICLES = 4

# The masthead's logo, if the office gives one: a file under content/ and the size
# it is shown at, e.g. {"path": "images/logo.png", "width": 56, "height": 56}.
SITE_LOGO = None
# Images of content/images/ are published as variants of these widths (WebP and
# the image's own format), their longer side at most max_size pixels
# (plugins/responsive_images).
IMAGES = {"widths": (400, 800, 1200, 1600), "max_size": 1600}
# Share links under each article: plain links, no script of another site.
# {url} and {title} are filled in (URL-encoded). Zalo documents no plain share
# address (its button needs its script): this is the one in common use.
SHARE_LINKS = (
    ("Zalo", "https://zalo.me/share?url={url}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
)

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # No smarty: quotes and dashes stay as the office typed them.
    },
    "output_format": "html5",
}

JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}
# Theme strings are written in English and translated by the catalogs in
# theme/translations/<lang>/LC_MESSAGES/messages.po.
GETTEXT_DOMAIN = "messages"

# Nothing from another language's run and no draft is ever written by this one.
ARTICLE_LANG_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "404"]
# Templates whose pages show the document library only through the run-wide region
# of base.html (the sidebar): after an edit of the data folder alone, their pages
# are the last build's with that region replaced, not rendered again (an article
# naming documents is rendered all the same).
DATA_FREE_TEMPLATES = [
    "article",
    "page",
    "category",
    "tag",
    "categories",
    "tags",
    "archives",
    "period_archives",
]
# Paginated lists whose pages after the first show the library only through that
# region (the home page shows the new documents in its main column; the later
# pages of the news list in the sidebar).
DATA_FREE_LATER_PAGES = ["index"]
# A document's page: after a data edit alone, written again only when its document
# (or the library's feed) changed.
DATA_DOCUMENT_TEMPLATE = "document"
# A listing of the library (all, a kind, a year, a kind in a year): after a data
# edit alone, written again only when what it lists or its facets' counts changed.
DATA_LISTING_TEMPLATE = "library"

# FEED_ALL_* would add the other language (translations); FEED_ATOM is this run's only.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
FEED_MAX_ITEMS = 50

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

# One dictionary per language run: URLs, feeds and names in that language.
SITE_LANGUAGES = {
    "vi": {
        "SITENAME": "Thông tin tỉnh Kon Tum",
        # Who publishes the site (its contacts: data/site.yaml).
        "OFFICE_NAME": "Ban Tuyên giáo Tỉnh ủy Kon Tum",
        "HOME_URL": "",
        "INDEX_SAVE_AS": "index.html",
        "ARTICLE_URL": "tin-tuc/{slug}/",
        "ARTICLE_SAVE_AS": "tin-tuc/{slug}/index.html",
        "ARTICLE_LANG_URL": "en/news/{slug}/",
        "PAGE_URL": "trang/{slug}/",
        "PAGE_SAVE_AS": "trang/{slug}/index.html",
        "PAGE_LANG_URL": "en/pages/{slug}/",
        "CATEGORY_URL": "chuyen-muc/{slug}/",
        "CATEGORY_SAVE_AS": "chuyen-muc/{slug}/index.html",
        "CATEGORIES_URL": "chuyen-muc/",
        "CATEGORIES_SAVE_AS": "chuyen-muc/index.html",
        "TAG_URL": "the/{slug}/",
        "TAG_SAVE_AS": "the/{slug}/index.html",
        "TAGS_URL": "the/",
        "TAGS_SAVE_AS": "the/index.html",
        "ARCHIVES_URL": "luu-tru/",
        "ARCHIVES_SAVE_AS": "luu-tru/index.html",
        "YEAR_ARCHIVE_URL": "luu-tru/{date:%Y}/",
        "YEAR_ARCHIVE_SAVE_AS": "luu-tru/{date:%Y}/index.html",
        "404_SAVE_AS": "404.html",
        "PAGINATION_PATTERNS": (
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
        ),
        "FEED_ATOM": "feeds/all.atom.xml",
        "CATEGORY_FEED_ATOM": "feeds/chuyen-muc/{slug}.atom.xml",
        "SITEMAP_SAVE_AS": "sitemap-vi.xml",
        # Every page links the briefers' area (see MEMBERS_PREFIX below).
        "MEMBERS_URL": "bao-cao-vien/van-ban/",
    },
    "en": {
        "SITENAME": "Kon Tum Province Information",
        "OFFICE_NAME": "Kon Tum Provincial Party Committee's Propaganda Department",
        "HOME_URL": "en/",
        "INDEX_SAVE_AS": "en/index.html",
        "ARTICLE_URL": "en/news/{slug}/",
        "ARTICLE_SAVE_AS": "en/news/{slug}/index.html",
        "ARTICLE_LANG_URL": "tin-tuc/{slug}/",
        "PAGE_URL": "en/pages/{slug}/",
        "PAGE_SAVE_AS": "en/pages/{slug}/index.html",
        "PAGE_LANG_URL": "trang/{slug}/",
        "CATEGORY_URL": "en/category/{slug}/",
        "CATEGORY_SAVE_AS": "en/category/{slug}/index.html",
        "CATEGORIES_URL": "en/category/",
        "CATEGORIES_SAVE_AS": "en/category/index.html",
        "TAG_URL": "en/tag/{slug}/",
        "TAG_SAVE_AS": "en/tag/{slug}/index.html",
        "TAGS_URL": "en/tag/",
        "TAGS_SAVE_AS": "en/tag/index.html",
        "ARCHIVES_URL": "en/archive/",
        "ARCHIVES_SAVE_AS": "en/archive/index.html",
        "YEAR_ARCHIVE_URL": "en/archive/{date:%Y}/",
        "YEAR_ARCHIVE_SAVE_AS": "en/archive/{date:%Y}/index.html",
        "404_SAVE_AS": "en/404.html",
        "PAGINATION_PATTERNS": (
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/page-{number}/", "{base_name}/page-{number}/index.html"),
        ),
        "FEED_ATOM": "en/feeds/all.atom.xml",
        "CATEGORY_FEED_ATOM": "en/feeds/category/{slug}.atom.xml",
        "SITEMAP_SAVE_AS": "en/sitemap.xml",
        "MEMBERS_URL": "bao-cao-vien/en/documents/",
        # The theme's files are copied once, by the main language's run.
        "THEME_STATIC_PATHS": [],
    },
}

# Sent in a <meta> of every page (the static host may send no header); nginx sends
# the same policy as a header, with frame-ancestors (deploy/nginx/site.conf).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
# A feed entry carries the article's summary, not its body, above this many
# characters of HTML (a long article would make every reader's feed heavy).
FEED_MAX_CONTENT = 100_000

OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}  # the English is British (programme)

# The document library (plugins/document_library): records in DATA_PATH/documents/.
# URLs of its pages and feed in each language of SITE_LANGUAGES; attachments have
# one URL for both languages; a kind in a year has its page (kind_year), so that
# both choices combine without JavaScript; the sidebar block "Văn bản mới" lists
# that many of the newest (latest `posted:` first, then the old site's list in its
# order).
LIBRARY = {
    "urls": {
        "vi": {
            "library": "van-ban/",
            "document": "van-ban/{id}/",
            "kind": "van-ban/loai/{kind}/",
            "year": "van-ban/nam/{year}/",
            "kind_year": "van-ban/loai/{kind}/nam/{year}/",
            "feed": "feeds/van-ban.atom.xml",
        },
        "en": {
            "library": "en/documents/",
            "document": "en/documents/{id}/",
            "kind": "en/documents/kind/{kind}/",
            "year": "en/documents/year/{year}/",
            "kind_year": "en/documents/kind/{kind}/year/{year}/",
            "feed": "en/feeds/documents.atom.xml",
        },
    },
    # The {year} of the documents whose date the source does not state.
    "undated": {"vi": "chua-ro", "en": "not-stated"},
    "files_url": "van-ban/tep/{path}",
    "new_documents": 7,
}

# Search: a prebuilt lunr index per language (plugins/vietnamese_search/FORMAT.md),
# queried in the browser from each language's search page.
SEARCH = {
    "languages": {
        "vi": {
            "page": "tim-kiem/",
            "library": "van-ban/",
            "analyzer": "vietnamese",
        },
        "en": {
            "page": "en/search/",
            "library": "en/documents/",
            "analyzer": "english",
        },
    },
}

# The briefers' area (báo cáo viên): `invoke build --members` builds it with
# membersconf.py into a tree of its own (MEMBERS_OUTPUT), which nginx serves under
# /MEMBERS_PREFIX behind a password (deploy/nginx/site.conf). Every public page
# links it (MEMBERS_URL of SITE_LANGUAGES).
MEMBERS_PREFIX = "bao-cao-vien/"
MEMBERS_OUTPUT = "output-members"
# The members file (name:bcrypt hash) that `invoke members.add` writes and nginx
# reads; outside the repository. The environment's MEMBERS_FILE wins over it.
MEMBERS_FILE = "/etc/nginx/thongtin-briefers.htpasswd"
