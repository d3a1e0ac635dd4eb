"""The relocation contact page: a person to talk to and a form (Netlify Forms, or mailto)."""

from .plugin import register

__all__ = ["register"]
