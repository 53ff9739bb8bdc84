"""The gettext catalogs: compiled files up to date, every message translated, replies short enough for SMS."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from engine_world import World
from workflows.i18n import LOCALE_DIR, translator
from workflows.sms_segments import count_segments

ROOT = Path(__file__).resolve().parents[2]
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "dtm.po").open("rb") as fh:
        return read_po(fh)


def _code_msgids() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "workflows"), method_map=[("**.py", "python")], keywords={"N_": None, "_": None}
    )
    return {msg for _, _, msg, _, _ in found}


@pytest.mark.parametrize("lang", ["en", "ar", "ckb"])
def test_mo_files_are_compiled_from_the_po_files(lang: str) -> None:
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(lang), use_fuzzy=False)
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / "dtm.mo"
    assert mo.read_bytes() == buffer.getvalue(), "stale .mo: run `python -m workflows.i18n`"


@pytest.mark.parametrize("lang", ["ar", "ckb"])
def test_every_message_in_the_code_is_translated(lang: str) -> None:
    catalog = _catalog(lang)
    for msgid in _code_msgids():
        message = catalog.get(msgid)
        assert message is not None and message.string, f"{lang}: no translation for {msgid!r}"
        assert set(_PLACEHOLDER.findall(message.string)) == set(_PLACEHOLDER.findall(msgid)), msgid
        assert re.search(r"[\u0600-\u06FF]", message.string), f"{lang}: {msgid!r} is not in Arabic script"


def test_catalogs_hold_no_stale_messages() -> None:
    used = _code_msgids()
    stale = {m.id for m in _catalog("ar") if m.id} - used
    assert not stale, f"remove or re-extract: {stale}"


def test_translator_falls_back_to_default_language_for_unknown_codes() -> None:
    assert translator("fr")("Yes") == translator("ar")("Yes") == "نعم"
    assert translator("ckb")("Yes") == "بەڵێ"
    assert translator("en")("Yes") == "Yes"


# Each scenario: messages from a one-location KI, and the most segments each reply may take.
SCENARIOS = [
    ("help", ["help"], 3),
    ("status", ["DTM F 120 I 700 N 1 2", "status"], 2),
    ("compact refusal", ["DTM 10234 F 120 N 13"], 2),
    ("compact refusal", ["DTM 10234 F 120 I 100"], 2),
    ("compact refusal", ["DTM 99999 F 120"], 2),
    ("compact refusal", ["DTM 10234 F 120 X 5"], 2),
    ("re-ask", ["report", "-5"], 2),
    ("re-ask", ["report", "120", "x"], 2),
    ("re-ask", ["report", "120", "?", "99"], 2),
    ("re-ask", ["report", "120", "?", "15", "99"], 2),
    ("re-ask", ["report", "120", "?", "15", "2", "1 2 3 4"], 2),
    ("re-ask", ["report", "120", "?", "15", "2", "1", "9"], 2),
    ("re-ask", ["report", "120", "?", "15", "2", "1", "1 1 1", "9"], 2),
    ("question", ["report"], 1),
    ("list question", ["report", "120", "?"], 4),
    ("summary", ["report", "120", "?", "15 8", "100 20", "1", "1 2 5", "1 2 3", "1"], 4),
    ("opt-out", ["stop"], 1),
]


@pytest.mark.parametrize("lang", ["ar", "ckb"])
@pytest.mark.parametrize(("kind", "messages", "limit"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_replies_fit_in_few_sms_segments(lang: str, kind: str, messages: list[str], limit: int) -> None:
    world = World()
    urn = "tel:+9647701111111"
    world.kis[urn] = replace(world.kis[urn], language=lang)
    for text in messages:
        effects = world.send(urn, text)
    reply = [e for e in effects if hasattr(e, "text") and hasattr(e, "choices")][-1]
    segments, encoding = count_segments(reply.text)
    assert encoding == "UCS-2"
    assert segments <= limit, f"{kind} in {lang} takes {segments} segments: {reply.text!r}"


@pytest.mark.parametrize(("lang", "limit"), [("ar", 2), ("ckb", 3)])
def test_echo_is_short(lang: str, limit: int) -> None:
    world = World()
    urn = "tel:+9647701111111"
    world.kis[urn] = replace(world.kis[urn], language=lang)
    world.send(urn, "DTM F 120 I 700")
    reply = world.send(urn, "DTM F 1200 I 7000 N 1 2 3")[-1]  # a correction with needs: the longest echo
    assert count_segments(reply.text)[0] <= limit, reply.text
