"""Gettext catalogs for KI-facing text (domain `dtm`, languages en/ar/ckb) and the helper that compiles them.

Text lives in `workflows/locale/<lang>/LC_MESSAGES/dtm.po`; the compiled `.mo` files sit next to them and
are committed too. After adding messages in code (`N_("...")` or a translator call):

    pybabel extract -k N_ --no-wrap -o workflows/locale/dtm.pot workflows
    pybabel update -i workflows/locale/dtm.pot -d workflows/locale -D dtm
    # translate the new entries in ar and ckb, then:
    python -m workflows.i18n

A test fails when a `.mo` is stale or a message lacks its Arabic or Sorani translation.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

DOMAIN = "dtm"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "ar", "ckb")
DEFAULT_LANGUAGE = "ar"  # most KIs write Arabic; unknown codes fall back to it


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a message for extraction without translating it now."""
    return message


@lru_cache(maxsize=len(LANGUAGES))
def _translations(lang: str) -> gettext.NullTranslations:
    """Load (once) the compiled catalog of a language."""
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=lang == "en")


def translator(lang: str) -> Callable[[str], str]:
    """Return the gettext function of lang (en, ar or ckb; anything else gets the default language)."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    return _translations(lang).gettext


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every `.po` under locale_dir to its `.mo`; return the written paths."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogs():
        print(path)
