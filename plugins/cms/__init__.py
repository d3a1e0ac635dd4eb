"""The browser CMS: Decap at /admin/, its config.yml generated from the content model."""

from .plugin import register

__all__ = ["register"]
