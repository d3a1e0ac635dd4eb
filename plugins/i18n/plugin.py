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


def _install(env: jinja2.Environment, site: Site, **_: Any) -> None:
    translations = load_translations(site.settings, site.codes)

    @jinja2.pass_context
    def gettext(context: Any, message: str, **variables: Any) -> str:
        text = translations[context.get("lang") or site.default_lang].gettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - catalog text is written by our translators
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
