"""Translation of the messages made below the GUI (validation, errors, labels).

Source strings are Brazilian Portuguese, the default language; other
languages come from gettext catalogs of the ``planmp`` domain under
``planmp_desktop/locale``.
"""

from __future__ import annotations

import gettext
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

GETTEXT_DOMAIN = "planmp"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT_LANGUAGE = "pt_BR"
SUPPORTED_LANGUAGES = ("pt_BR", "en")

# The English catalog's source is locale/en/LC_MESSAGES/planmp.po; the install step compiles
# planmp.mo beside it. Without the .mo, "en" falls back to the pt-BR source strings.
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _(message: str) -> str:
    """Translate ``message`` (a pt-BR source string) into the current language."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet.

    Tables built at import time use it, and the code translates each entry
    with ``_()`` when it is shown, so a language change applies to them too.
    """
    return message


def set_language(code: str) -> None:
    """Switch the language of domain messages to ``code`` ("pt_BR" or "en")."""
    global _translation, _language

    normalized = code.strip().replace("-", "_")
    if normalized not in SUPPORTED_LANGUAGES:
        raise ValueError(f"Unsupported language {code!r}: use one of {', '.join(SUPPORTED_LANGUAGES)}")

    _translation = gettext.translation(
        GETTEXT_DOMAIN, localedir=LOCALE_DIR, languages=[normalized], fallback=True
    )
    _language = normalized
    logger.info(
        "language set to %s (catalog found: %s)",
        normalized,
        type(_translation) is not gettext.NullTranslations,
    )


def current_language() -> str:
    """Return the code of the language that ``_()`` translates into."""
    return _language
