"""Pure XML writers for sitemaps (urlset with xhtml:link alternates, and the index)."""

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class SitemapEntry:
    """One page: its URL, when it last changed, and its language versions."""

    loc: str
    lastmod: str | None = None
    # (hreflang, href) pairs; empty when the page exists in one language only
    alternates: tuple[tuple[str, str], ...] = field(default=())


def urlset(entries: list[SitemapEntry]) -> str:
    """A <urlset> document, entries sorted by URL so that two builds agree."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in sorted(entries, key=lambda e: e.loc):
        lines.append(f"<url><loc>{escape(entry.loc)}</loc>")
        if entry.lastmod:
            lines.append(f"<lastmod>{entry.lastmod}</lastmod>")
        for hreflang, href in entry.alternates:
            lines.append(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(hreflang)}'
                f" href={quoteattr(href)}/>"
            )
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(locations: list[str]) -> str:
    """A <sitemapindex> listing the per-language sitemaps."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locations]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"
