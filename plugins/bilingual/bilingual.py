"""Pelican glue: each run builds one language; pages know their twin in the other.

The build runs Pelican once per language (see SITE_LANGUAGES in pelicanconf). Every
run reads all content, so a run sees the other language's articles as translations:
that is all it needs to link twins, and why no state is shared between runs.
"""

import logging
from datetime import date

from jinja2 import pass_context
from pelican import signals

from .reading import use_run_language_reader
from .versions import language_versions, majority_pairs

logger = logging.getLogger(__name__)

CONTEXT_KEY = "site_languages"


class SiteLanguages:
    """What one run knows of the other languages: their URLs and which twins exist."""

    def __init__(self, settings):
        self.settings = settings
        self.current = settings["DEFAULT_LANG"]
        self.languages = list(settings["SITE_LANGUAGES"])
        self.years: dict[str, set[int]] = {lang: set() for lang in self.languages}
        self.category_twins: dict[str, dict[str, str]] = {}
        self.tag_twins: dict[str, dict[str, str]] = {}

    def setting(self, lang, key):
        """A setting as the run of `lang` sees it."""
        return self.settings["SITE_LANGUAGES"][lang].get(key, self.settings.get(key))

    def learn_articles(self, articles):
        """Record the years, category and tag pairings of every article, in any
        language. A translation lists its tags as its original does, each
        translated in its place: the tags in the same place pair up (when both
        have as many), and the pairing most articles make is a tag's twin."""
        pairs: dict[str, list[tuple[str, str]]] = {}
        tag_pairs: dict[str, list[tuple[str, str]]] = {}
        for article in articles:
            if article.lang in self.years:
                self.years[article.lang].add(article.date.year)
            if article.lang != self.current or not hasattr(article, "category"):
                continue
            tags = [tag.slug for tag in getattr(article, "tags", None) or ()]
            for twin in article.translations:
                if hasattr(twin, "category"):
                    pairs.setdefault(twin.lang, []).append(
                        (article.category.slug, twin.category.slug)
                    )
                twin_tags = [tag.slug for tag in getattr(twin, "tags", None) or ()]
                if tags and len(twin_tags) == len(tags):
                    tag_pairs.setdefault(twin.lang, []).extend(
                        zip(tags, twin_tags, strict=True)
                    )
        self.category_twins = {
            lang: majority_pairs(lang_pairs) for lang, lang_pairs in pairs.items()
        }
        self.tag_twins = {
            lang: majority_pairs(lang_pairs) for lang, lang_pairs in tag_pairs.items()
        }

    def twin_paths(self, context) -> dict[str, str]:
        """Site-relative paths of this page's existing translations, by language."""
        explicit = context.get("language_twins")
        if explicit is not None:
            return dict(explicit)
        content = context.get("article") or context.get("page")
        if content is not None:
            return {t.lang: t.url for t in content.translations}
        page = context.get("articles_page")
        if page is not None and page.number > 1:
            return {}  # page 2 of a listing has no equivalent in another language
        twins = {}
        for lang in self.languages:
            if lang == self.current:
                continue
            path = self._listing_twin(context, lang)
            if path is not None:
                twins[lang] = path
        return twins

    def _listing_twin(self, context, lang):
        category, period = context.get("category"), context.get("period")
        if category is not None:
            slug = self.category_twins.get(lang, {}).get(category.slug)
            if slug is None:
                return None
            return self.setting(lang, "CATEGORY_URL").format(slug=slug)
        tag = context.get("tag")
        if tag is not None:
            slug = self.tag_twins.get(lang, {}).get(tag.slug)
            if slug is None:
                return None  # no translation lists it in the same place
            return self.setting(lang, "TAG_URL").format(slug=slug)
        if period is not None:
            year = period[0]
            if year not in self.years[lang]:
                return None
            return self.setting(lang, "YEAR_ARCHIVE_URL").format(date=date(year, 1, 1))
        # Pelican names a direct template's page after its SAVE_AS ("luu-tru/index").
        page_name = context.get("page_name")
        for name in ("INDEX", "ARCHIVES", "CATEGORIES", "TAGS", "MEMBERS_INDEX", "404"):
            save_as = self.setting(self.current, f"{name}_SAVE_AS")
            if save_as and page_name == save_as.removesuffix(".html"):
                if name == "404":  # every language has one, at its file
                    return self.setting(lang, "404_SAVE_AS")
                url_key = "HOME_URL" if name == "INDEX" else f"{name}_URL"
                twin = self.setting(lang, url_key)
                if twin is None:  # an address of its own: its folder
                    twin = self.setting(lang, f"{name}_SAVE_AS").removesuffix(
                        "index.html"
                    )
                return twin
        return None

    def versions(self, context):
        """Every language version of the page rendered with `context`."""
        own_path = context.get("output_file", "")
        if own_path.endswith("index.html"):
            own_path = own_path[: -len("index.html")]
        return language_versions(
            current_lang=self.current,
            languages=self.languages,
            own_path=own_path,
            twin_paths=self.twin_paths(context),
            home_paths={
                lang: self.setting(lang, "HOME_URL") for lang in self.languages
            },
            siteurl=self.settings.get("SITEURL", ""),
        )


def keep_run_language(generator):
    """Drop what belongs to another language's run; remember what it tells of twins."""
    site = SiteLanguages(generator.settings)
    every_article = (
        generator.articles
        + generator.translations
        + generator.hidden_articles
        + generator.hidden_translations
    )
    site.learn_articles(every_article)
    generator.context[CONTEXT_KEY] = site
    lang = site.current
    generator.articles = [a for a in generator.articles if a.lang == lang]
    generator.hidden_articles = [a for a in generator.hidden_articles if a.lang == lang]
    # Other languages are written by their own run.
    generator.translations = []
    generator.hidden_translations = []
    generator.drafts_translations = []


def keep_run_language_pages(generator):
    """The same for static pages; their lists are in the context: filter in place."""
    lang = generator.settings["DEFAULT_LANG"]
    for name in ("pages", "hidden_pages", "draft_pages"):
        contents = getattr(generator, name)
        contents[:] = [p for p in contents if p.lang == lang]
    generator.translations = []
    generator.hidden_translations = []


def set_translation_key(content):
    """Group a translation with its original by the original's slug (translation_of)."""
    if hasattr(content, "slug"):
        content.translation_key = content.metadata.get("translation_of", content.slug)


def copy_static_once(generator):
    """Only the main language's run copies content files (images); others link them."""
    if generator.settings["DEFAULT_LANG"] != generator.settings["SITE_MAIN_LANG"]:
        generator.staticfiles[:] = []


@pass_context
def _language_versions(context):
    return context[CONTEXT_KEY].versions(context)


def install_template_helpers(generator):
    """`language_versions()` in templates; `language_versions_of(ctx)` for plugins."""
    generator.env.globals["language_versions"] = _language_versions
    generator.context["language_versions_of"] = lambda ctx: ctx[CONTEXT_KEY].versions(
        ctx
    )


def register():
    signals.readers_init.connect(use_run_language_reader)
    signals.content_object_init.connect(set_translation_key)
    signals.generator_init.connect(install_template_helpers)
    signals.article_generator_pretaxonomy.connect(keep_run_language)
    signals.page_generator_finalized.connect(keep_run_language_pages)
    signals.static_generator_finalized.connect(copy_static_once)
