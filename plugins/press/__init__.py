"""Press room (`content/press/`): release pages, the press room per language, Atom feeds and PDFs.

Embargoed and draft releases never reach this plugin outside preview: the loader removes
them from `site` right after validation, and nothing here reads `content/press/` again.
"""

from .plugin import register

__all__ = ["register"]
