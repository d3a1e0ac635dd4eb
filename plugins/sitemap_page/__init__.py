"""The readers' site map page, `/<lang>/sitemap/`: every section and page of a language, grouped
as the menu is (the XML sitemap for search engines is in plugins/seo/sitemap.py)."""

from .plugin import register

__all__ = ["register"]
