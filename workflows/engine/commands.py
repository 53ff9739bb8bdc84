"""Recognise whole-message commands (HELP, STOP, START, LANG, STATUS, CANCEL, REPORT) in en/ar/ckb.

A command is the whole message, as Twilio matches its opt-out words, so "stop" inside a sentence or a
place name never opts anyone out. CANCEL is special: Twilio treats it as an opt-out word at carrier level
(the sender is blocked whatever we do), so on SMS English CANCEL means STOP, and only on Telegram does it
cancel the draft. Arabic إلغاء and Sorani هەڵوەشاندنەوە are not Twilio words and cancel the draft everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows.engine.normalize import fold
from workflows.engine.vocab import (
    COMMANDS,
    LANG_PREFIXES,
    LANGUAGE_NAMES,
    SMS_OPT_IN_EXTRA,
    SMS_OPT_OUT_CANCEL,
)

_TRIM = " .!?؟،,;:-"


@dataclass(frozen=True)
class Command:
    """A recognised command; `arg` is the language code for LANG (None when not understood)."""

    name: str  # help | stop | start | lang | status | cancel | report
    arg: str | None = None


def parse_command(text: str, channel: str, opted_out: bool = False) -> Command | None:
    """Return the command the whole text is, or None."""
    key = fold(text).strip(_TRIM).removeprefix("/")  # Telegram commands: /start, /help
    if channel == "sms":
        if key in SMS_OPT_OUT_CANCEL:
            return Command("stop")
        if opted_out and key in SMS_OPT_IN_EXTRA:
            return Command("start")
    if key in COMMANDS:
        return Command(COMMANDS[key])
    if key in LANGUAGE_NAMES:  # a bare "English" / "عربي" / "کوردی" (also Telegram language buttons)
        return Command("lang", LANGUAGE_NAMES[key])
    head, _, rest = key.partition(" ")
    if head in LANG_PREFIXES:
        return Command("lang", LANGUAGE_NAMES.get(rest.strip(_TRIM)))
    return None
