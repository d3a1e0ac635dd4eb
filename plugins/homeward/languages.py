"""Languages are configuration: one record per language, built from the LANGUAGES setting.

`LANGUAGES = ["nb", "sv", "en"]` is enough; a language Babel knows gets its label and
locale from Babel. A dict entry (`{"code": "se", "label": "Davvisámegiella"}`) overrides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class Language:
    code: str
    locale: str
    label: str
    og_locale: str


class LanguageConfigError(ValueError):
    pass


# Where a bare code would pick the wrong conventions (en → US dates), the usual locale.
_DEFAULT_LOCALE = {"en": "en_GB"}

# Open Graph wants language_TERRITORY; these are the usual territories for our languages.
_TERRITORY = {"nb": "NO", "nn": "NO", "se": "NO", "sv": "SE", "en": "GB", "da": "DK", "fi": "FI", "is": "IS"}


def parse_languages(setting: Any) -> list[Language]:
    """Build the language records; the first is the default language."""
    if not setting:
        raise LanguageConfigError("LANGUAGES is empty; list at least one language code, e.g. ['nb', 'sv', 'en']")
    languages: list[Language] = []
    for entry in setting:
        spec = {"code": entry} if isinstance(entry, str) else dict(entry)
        code = spec.get("code")
        if not code or not isinstance(code, str):
            raise LanguageConfigError(f"LANGUAGES entry {entry!r} has no 'code'")
        locale_name = spec.get("locale", _DEFAULT_LOCALE.get(code, code))
        try:
            locale = Locale.parse(locale_name)
        except (UnknownLocaleError, ValueError):
            raise LanguageConfigError(
                f"LANGUAGES: '{code}' is not a language Babel knows; give a 'locale' for it"
            ) from None
        language_only = Locale(locale.language)
        label = spec.get("label") or (language_only.get_display_name(language_only) or code)
        label = label[:1].upper() + label[1:]
        territory = locale.territory or _TERRITORY.get(code, code.upper())
        languages.append(
            Language(code=code, locale=str(locale), label=label, og_locale=f"{locale.language}_{territory}")
        )
    codes = [lang.code for lang in languages]
    if len(set(codes)) != len(codes):
        raise LanguageConfigError(f"LANGUAGES lists a language twice: {codes}")
    return languages
