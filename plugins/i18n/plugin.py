"""Wires i18n into the core: gettext and formatting in Jinja, the root language chooser."""

from __future__ import annotations

from typing import Any

import jinja2
from homeward import signals
from homeward.routes import Route
from homeward.site import Site
from markupsafe import Markup

from . import formatting
from .catalogs import load_translations


class _Phrases(dict[tuple[str, str, bool], str]):
    """Catalog phrases already looked up, by (language, message, escaped): a page asks for ~35
    (menu, header, footer), ~290,000 lookups at 1000×3. What it holds follows from the catalogs,
    so the incremental build's global key (which digests gettext with what it closes over)
    sees it as empty, whatever was rendered before the key was made."""

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return (_Phrases, ())


def _install(env: jinja2.Environment, site: Site, **_: Any) -> None:
    translations = load_translations(site.settings, site.codes)
    looked_up = _Phrases()

    @jinja2.pass_context
    def gettext(context: Any, message: str, **variables: Any) -> str:
        lang = context.get("lang") or site.default_lang
        autoescape = bool(context.eval_ctx.autoescape)
        text = looked_up.get((lang, message, autoescape))
        if text is None:
            text = translations[lang].gettext(message)
            if autoescape:
                text = Markup(text)  # noqa: S704 - catalog text is written by our translators
            looked_up[lang, message, autoescape] = text
        return text % variables if variables else text

    @jinja2.pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int, **variables: Any) -> str:
        text = translations[context.get("lang") or site.default_lang].ngettext(singular, plural, n)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - catalog text is written by our translators
        variables.setdefault("num", n)
        return text % variables

    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.globals["_"] = gettext
    for name, func in {
        "date": formatting.fmt_date,
        "datetime": formatting.fmt_datetime,
        "time": formatting.fmt_time,
        "daterange": formatting.fmt_range,
        "number": formatting.fmt_number,
        "loc": formatting.localize,
        "plain": formatting.plain,
        "language_name": formatting.language_name,
    }.items():
        env.filters[name] = jinja2.pass_context(func)


def _routes(site: Site) -> list[Route]:
    # The root is a language chooser that works without redirects (it is the x-default).
    return [Route(url="/", lang=None, template="choose_language.html", sitemap=False, search=False)]


def register() -> None:
    # environment_ready: put gettext and the locale filters in the one shared Jinja env.
    signals.environment_ready.connect(_install)
    # collect_routes: the root language chooser.
    signals.collect_routes.connect(_routes)
