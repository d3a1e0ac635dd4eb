"""Responsive images: only images that published content references are copied, with resized
variants (Pillow), `srcset`, `width`/`height` — so drafts' images never reach the output."""

from .plugin import register

__all__ = ["register"]
