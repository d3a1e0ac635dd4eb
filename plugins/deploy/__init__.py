"""Deployment: Netlify `_headers` and `_redirects` generated from LANGUAGES, a root 404 page."""

from .plugin import register

__all__ = ["register"]
