"""Homeward core: content model, loading, routing and rendering, hosted by Pelican."""

from __future__ import annotations

from typing import Any

# Pelican's own article/page machinery is switched off: Homeward reads content itself,
# once for all languages; images are published by the images plugin.
PELICAN_OVERRIDES: dict[str, Any] = {
    "ARTICLE_PATHS": [],
    "PAGE_PATHS": [],
    "DIRECT_TEMPLATES": [],
    "THEME_STATIC_PATHS": [],
    "FEED_ATOM": None,
    "FEED_RSS": None,
    "FEED_ALL_ATOM": None,
    "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "CATEGORY_FEED_RSS": None,
    "TAG_FEED_ATOM": None,
    "TAG_FEED_RSS": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TRANSLATION_FEED_ATOM": None,
    "TRANSLATION_FEED_RSS": None,
    "PAGINATED_TEMPLATES": {},
    "STATIC_PATHS": [],  # the images plugin copies only images published content uses
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
}


def _configure(pelican: Any) -> None:
    pelican.settings.update(PELICAN_OVERRIDES)


def _get_generators(pelican: Any) -> Any:
    from .generator import HomewardGenerator

    return HomewardGenerator


def register() -> None:
    # Imported here: Pelican imports it before it loads its plugins, and `import homeward` alone
    # (the command line, before it switches the collector off: __main__.py) does not start it.
    from pelican import signals as pelican_signals

    # initialized: switch Pelican's article/page generators off before they are created.
    pelican_signals.initialized.connect(_configure)
    # get_generators: add the generator that loads, validates and renders every language.
    pelican_signals.get_generators.connect(_get_generators)
