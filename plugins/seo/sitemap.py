"""sitemap.xml where each URL lists itself and its translations (xhtml:link hreflang)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from homeward.render import Urls
from homeward.routes import Route


def sitemap_xml(routes: list[Route], urls: Urls) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for route in sorted(routes, key=lambda r: r.url):
        if not (route.is_html and route.sitemap and route.translated and route.lang and not route.preview_only):
            continue
        lines.append("<url>")
        lines.append(f"<loc>{escape(urls.absolute(route.url))}</loc>")
        if route.last_modified:
            lines.append(f"<lastmod>{escape(route.last_modified)}</lastmod>")
        for code, href in sorted(route.alternates.items()):
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(code)} href={quoteattr(urls.absolute(href))}/>')
        if route.alternates:
            lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(urls.absolute("/"))}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(urls: Urls) -> str:
    return f"User-agent: *\nDisallow: {urls.url('/admin/')}\n\nSitemap: {urls.absolute('/sitemap.xml')}\n"
