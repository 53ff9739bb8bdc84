"""Golden conversation transcripts: replay `> message` lines through the engine and compare the output.

File format (tests/workflows/transcripts/*.txt), one scenario per file:

    # comment                  kept as written
    @urn tel:+9647701111111    who sends the next messages (see engine_world.KIS; others are unregistered)
    @wait 25h                  advance the frozen clock (m, h or d)
    @round closed|open         close or reopen round 7
    > text                     an incoming message; "\\n" stands for a newline inside it
    < text                     a reply line (generated)
    = choices                  Telegram buttons of the reply (generated; SMS has them in the text)
    ! Effect ...               any other effect (generated)
    ~ no reply                 the engine stayed silent (generated)

Run `pytest tests/workflows/test_transcripts.py --update-goldens` to rewrite the files, then read the diff:
the transcripts are the specification of the conversation.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from engine_world import ROUND, World, channel_of
from workflows.engine.types import (
    Effect,
    OptIn,
    OptOut,
    Reply,
    RequestRegistration,
    SetLanguage,
    SubmitReport,
)

TRANSCRIPTS = Path(__file__).parent / "transcripts"
_INPUT = re.compile(r"^(#|@|>|\s*$)")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def render_effect(effect: Effect, channel: str) -> list[str]:
    """Return the transcript lines of one effect."""
    if isinstance(effect, Reply):
        lines = [f"< {line}".rstrip() for line in effect.text.split("\n")]
        if effect.choices and channel == "telegram":
            lines.append("= " + " | ".join(effect.choices))
        return lines
    if isinstance(effect, SubmitReport):
        d = effect.draft
        parts = [
            f"ref={d.ref}",
            f"location={d.location_id}",
            f"families={d.families}",
            f"individuals={d.individuals}{' (estimated)' if d.individuals_estimated else ''}",
        ]
        for name, value in (
            ("origins", ",".join(f"{code}:{n}" for code, n in d.origins)),
            ("shelters", ",".join(f"{code}:{n}" for code, n in d.shelters)),
            ("needs", ",".join(d.needs)),
            ("access", "/".join(str(a) for a in (d.access_water, d.access_health, d.access_education))),
            ("aid", "" if d.assistance_received is None else str(d.assistance_received).lower()),
        ):
            if value and value != "None/None/None":
                parts.append(f"{name}={value}")
        parts.append("messages=" + ",".join(str(i) for i in d.message_ids))
        return ["! SubmitReport " + " ".join(parts)]
    if isinstance(effect, SetLanguage):
        return [f"! SetLanguage {effect.language}"]
    if isinstance(effect, OptOut | OptIn):
        return [f"! {type(effect).__name__}"]
    if isinstance(effect, RequestRegistration):
        return [f"! RequestRegistration {effect.text!r}"]
    raise AssertionError(f"unknown effect {effect!r}")


def replay(source: str) -> str:
    """Return the transcript with every output regenerated from its input lines."""
    world = World()
    urn = "tel:+9647701111111"
    out: list[str] = []
    for line in source.splitlines():
        if not _INPUT.match(line):
            continue
        out.append(line)
        if line.startswith("@urn "):
            urn = line.split(maxsplit=1)[1].strip()
        elif line.startswith("@wait "):
            amount = line.split()[1]
            world.wait(timedelta(**{_UNITS[amount[-1]]: int(amount[:-1])}))
        elif line.startswith("@round "):
            world.round = None if line.split()[1] == "closed" else ROUND
        elif line.startswith(">"):
            text = line[2:].replace("\\n", "\n")
            effects = world.send(urn, text)
            rendered = [row for effect in effects for row in render_effect(effect, channel_of(urn))]
            out.extend(rendered or ["~ no reply"])
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("path", sorted(TRANSCRIPTS.glob("*.txt")), ids=lambda p: p.stem)
def test_transcript(path: Path, update_goldens: bool) -> None:
    """The engine's conversation matches the golden transcript."""
    expected = path.read_text(encoding="utf-8")
    actual = replay(expected)
    if update_goldens:
        path.write_text(actual, encoding="utf-8")
        return
    assert actual == expected, f"{path.name} differs; rerun with --update-goldens and review the diff"


def test_there_are_transcripts() -> None:
    """The scenarios exist (an empty glob would pass silently)."""
    assert len(list(TRANSCRIPTS.glob("*.txt"))) >= 10
