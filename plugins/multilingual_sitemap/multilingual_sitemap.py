"""Pelican glue: collects every page this run writes, then writes its sitemap.

Each language run writes its own urlset (SITEMAP_SAVE_AS of SITE_LANGUAGES); the
run of the main language also writes `sitemap.xml`, the index of all of them, and
`robots.txt` pointing to it.

A page a run does not render (its last build's file is carried over) is still
announced as written (content_written): the sitemap lists every page.
"""

import logging
import os

from pelican import signals

from .sitemap_xml import SitemapEntry, sitemap_index, urlset

logger = logging.getLogger(__name__)


def _site_url(siteurl, path):
    return f"{siteurl.rstrip('/')}/{path.lstrip('/')}"


class SitemapCollector:
    """Pages written by the current run, as sitemap entries."""

    def __init__(self):
        self.entries: list[SitemapEntry] = []

    def reset(self, pelican):
        self.entries = []

    def page_written(self, path, context):
        output_file = context.get("output_file", "")
        if not output_file.endswith(".html") or context.get("sitemap_exclude"):
            return
        if os.path.basename(output_file) == "404.html":
            return
        versions = context["language_versions_of"](context)
        current = next(v for v in versions if v.current)
        existing = [v for v in versions if v.exists]
        alternates = ()
        if len(existing) > 1:
            alternates = tuple((v.lang, v.url) for v in existing) + (
                ("x-default", existing[0].url),
            )
        content = context.get("article") or context.get("page")
        lastmod = None
        if content is not None and hasattr(content, "date"):
            lastmod = getattr(content, "modified", content.date).isoformat()
        self.entries.append(SitemapEntry(current.url, lastmod, alternates))

    def write(self, pelican):
        settings = pelican.settings
        languages = settings["SITE_LANGUAGES"]
        lang = settings["DEFAULT_LANG"]
        own = languages[lang]["SITEMAP_SAVE_AS"]
        main = lang == settings["SITE_MAIN_LANG"]
        _write(settings["OUTPUT_PATH"], own, urlset(self.entries))
        logger.info("sitemap: %d pages in %s", len(self.entries), own)
        if main:
            siteurl = settings.get("SITEURL", "")
            index_url = _site_url(siteurl, "sitemap.xml")
            locations = [
                _site_url(siteurl, lg["SITEMAP_SAVE_AS"]) for lg in languages.values()
            ]
            _write(settings["OUTPUT_PATH"], "sitemap.xml", sitemap_index(locations))
            _write(
                settings["OUTPUT_PATH"],
                "robots.txt",
                f"User-agent: *\nAllow: /\nSitemap: {index_url}\n",
            )


def _write(output_path, name, text):
    path = os.path.join(output_path, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


collector = SitemapCollector()


def register():
    signals.initialized.connect(collector.reset)
    signals.content_written.connect(collector.page_written)
    signals.finalized.connect(collector.write)
