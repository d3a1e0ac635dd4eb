"""sitemap.xml where each URL lists itself and its translations (xhtml:link hreflang)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from homeward.render import Urls
from homeward.routes import RouteFields, output_path

# What sitemap.xml reads of each route (RouteFields): nothing else of a route changes it.
SITEMAP_FIELDS = ("url", "sitemap", "translated", "lang", "preview_only", "last_modified", "alternates")


def sitemap_xml(routes: RouteFields, urls: Urls) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url, sitemap, translated, lang, preview_only, last_modified, alternates in sorted(routes.rows(), key=lambda row: row[0]):
        if not (output_path(url).endswith(".html") and sitemap and translated and lang and not preview_only):
            continue
        lines.append("<url>")
        lines.append(f"<loc>{escape(urls.absolute(url))}</loc>")
        if last_modified:
            lines.append(f"<lastmod>{escape(last_modified)}</lastmod>")
        for code, href in sorted(alternates.items()):
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(code)} href={quoteattr(urls.absolute(href))}/>')
        if alternates:
            lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(urls.absolute("/"))}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(urls: Urls) -> str:
    return f"User-agent: *\nDisallow: {urls.url('/admin/')}\n\nSitemap: {urls.absolute('/sitemap.xml')}\n"
