"""The reporting flow: `step(state, incoming, ctx, now) -> (state, effects)`, pure and deterministic.

Who is writing decides first: an unregistered sender gets one bilingual refusal and a
RequestRegistration; an opted-out KI gets nothing unless they send START; a suspended KI gets a short
notice (STOP still works). For an active KI: commands (see `commands`), then a compact report
(`DTM ...`), then the answer to the guided question waiting, else a new guided report.

State (a JSON-ready dict the runner stores per sender and passes back unchanged):
    lang       language of the conversation (set by LANG; see `_language`)
    lang_base  the KI's stored language when LANG was used, to notice a later change by staff
    q          the question waiting for an answer, None when no report is in progress
    draft      the answers so far          cands      location candidates shown as numbers
    editing    answering from the summary  msgs       inbound message ids of the draft
    expires    ISO time after which the draft is dropped (now + ctx.session_ttl at each answer)
Every call returns exactly one Reply, except for an opted-out sender who did not send START (none).

Effects, and when they appear:
    SubmitReport        a compact report parsed, or "1" on the guided summary (ref 'R' + base32 of the id)
    SetLanguage         LANG <en|ar|ckb> or a bare language name
    OptOut              STOP words (and CANCEL on SMS) — also from an unregistered sender, who has no KI row
    OptIn               START / UNSTOP / ابدأ / دەستپێکردن (and YES on SMS) from an opted-out KI
    RequestRegistration any message from an unregistered sender except STOP
The Reply that comes with OptOut is the one message the runner may still send after the opt-out.
"""

from __future__ import annotations

import copy
from datetime import datetime

from workflows.engine import compact, guided
from workflows.engine.commands import Command, parse_command
from workflows.engine.grammar import GrammarError, parse_compact
from workflows.engine.messages import Say
from workflows.engine.turn import Turn
from workflows.engine.types import (
    Context,
    Effect,
    Incoming,
    OptIn,
    OptOut,
    Reply,
    RequestRegistration,
    SetLanguage,
)
from workflows.i18n import LANGUAGES, N_

STATE_VERSION = 1
_NOT_REGISTERED = N_("This number is not registered with DTM. IOM staff will contact you.")
_OPTED_OUT = N_("You will get no more DTM messages. Send START to join again.")
_HELP = N_(
    "To report send REPORT and answer the questions, or one SMS: %(example)s N 1 2 "
    "(F families, I people, N needs 1-12). Also: STATUS, LANG en/ar/ckb, STOP"
)
_CONTINUE = N_("Reply to continue your report.")


def step(state: dict, incoming: Incoming, ctx: Context, now: datetime) -> tuple[dict, list[Effect]]:
    """Advance the conversation of one sender by one message; return the new state and the effects."""
    state = copy.deepcopy(state) if state else {}
    state.setdefault("v", STATE_VERSION)
    ki = ctx.ki
    if ki is None:
        return state, _unregistered(incoming)
    command = parse_command(incoming.text, incoming.channel, opted_out=ki.status == "opted_out")
    lang = _language(state, ki.language)
    turn = Turn(state, ctx, incoming, now, Say(lang))
    if ki.status == "opted_out":
        if command and command.name == "start":
            _drop_draft(state)
            return state, [
                OptIn(),
                turn.reply(turn.say(N_("Welcome back, %(name)s. Send REPORT to report."), name=ki.name)),
            ]
        return state, []
    if command and command.name == "stop":
        _drop_draft(state)
        return state, [OptOut(), turn.reply(turn.say(_OPTED_OUT))]
    if ki.status != "active":  # suspended, or any state staff may add later: never take reports
        return state, [turn.reply(turn.say(N_("Your DTM account is suspended. Please contact IOM.")))]
    expired = _expire(state, now)
    effects = _active(turn, command)
    state["expires"] = (now + ctx.session_ttl).isoformat() if state.get("q") else None
    if expired:
        effects = [_prefixed(e, turn.say(N_("Your unfinished report expired."))) for e in effects]
    return state, effects


def _active(turn: Turn, command: Command | None) -> list[Effect]:
    """Handle a message from an active KI."""
    state, say = turn.state, turn.say
    in_progress = bool(state.get("q"))
    if command and command.name in _COMMANDS:
        return _COMMANDS[command.name](turn, command, in_progress)
    if turn.ctx.round is None:
        _drop_draft(state)
        return [turn.reply(say(N_("Reporting is closed now. We will tell you when the next round opens.")))]
    if command and command.name == "report":
        return _start(turn)
    parsed = parse_compact(turn.incoming.text)
    if parsed is not None and not (isinstance(parsed, GrammarError) and parsed.code == "keyword_only"):
        _drop_draft(state)  # a complete report in one SMS replaces any half-done guided one
        return compact.handle(turn, parsed)
    if parsed is not None or not in_progress:
        return _start(turn)
    if turn.incoming.message_id is not None:
        state.setdefault("msgs", []).append(turn.incoming.message_id)
    return guided.answer(turn, turn.incoming.text)


def _start(turn: Turn) -> list[Effect]:
    """Start a fresh guided report."""
    turn.state["msgs"] = [turn.incoming.message_id] if turn.incoming.message_id is not None else []
    return guided.start(turn)


def _help(turn: Turn, command: Command, in_progress: bool) -> list[Effect]:
    text = turn.say(_HELP, example=turn.say.example(turn.home_place))
    return [turn.reply(_with_continue(turn, text, in_progress))]


def _start_command(turn: Turn, command: Command, in_progress: bool) -> list[Effect]:
    text = turn.say(N_("Welcome back, %(name)s. Send REPORT to report."), name=turn.ki.name)
    return [turn.reply(_with_continue(turn, text, in_progress))]


def _lang(turn: Turn, command: Command, in_progress: bool) -> list[Effect]:
    if command.arg is None:
        return [turn.reply(turn.say(N_("Send LANG en, LANG ar or LANG ckb.")))]
    turn.state.update(lang=command.arg, lang_base=turn.ki.language)
    turn.say = Say(command.arg)
    text = turn.say(N_("Language set: English."))
    return [SetLanguage(command.arg), turn.reply(_with_continue(turn, text, in_progress))]


def _status(turn: Turn, command: Command, in_progress: bool) -> list[Effect]:
    say, last = turn.say, turn.ctx.last_report
    if last is None:
        text = say(N_("You have not sent a report yet. Send REPORT to start."))
    else:
        text = say(
            N_(
                "Last report %(ref)s, round %(round)s: %(name)s (%(place)s), families %(families)s, "
                "people %(individuals)s. Status: %(status)s."
            ),
            ref=last.ref,
            round=last.round_number,
            name=say.place_name(last.location),
            place=last.location.place_id,
            families=last.families,
            individuals=last.individuals,
            status=say.status(last.status),
        )
    return [turn.reply(_with_continue(turn, text, in_progress))]


def _cancel(turn: Turn, command: Command, in_progress: bool) -> list[Effect]:
    if not in_progress:
        return [turn.reply(turn.say(N_("There is no report in progress.")))]
    _drop_draft(turn.state)
    return [turn.reply(turn.say(N_("Report cancelled. Send REPORT to start again.")))]


_COMMANDS = {"help": _help, "start": _start_command, "lang": _lang, "status": _status, "cancel": _cancel}


def _with_continue(turn: Turn, text: str, in_progress: bool) -> str:
    """Remind a KI in the middle of a report that their draft is still there."""
    return f"{text}\n{turn.say(_CONTINUE)}" if in_progress else text


def _unregistered(incoming: Incoming) -> list[Effect]:
    """Refuse politely in Arabic and English (we do not know the sender's language) and queue them."""
    from workflows.i18n import translator

    if parse_command(incoming.text, incoming.channel) == Command("stop"):
        texts = [translator(lang)(_OPTED_OUT) for lang in ("ar", "en")]
        return [OptOut(), Reply("\n".join(texts))]
    texts = [translator(lang)(_NOT_REGISTERED) for lang in ("ar", "en")]
    return [RequestRegistration(incoming.text), Reply("\n".join(texts))]


def _language(state: dict, ki_language: str) -> str:
    """Return the conversation language: the LANG choice, unless staff changed the KI's language since."""
    chosen = state.get("lang")
    if chosen in LANGUAGES and ki_language in (chosen, state.get("lang_base")):
        return chosen
    state.pop("lang_base", None)
    state["lang"] = ki_language if ki_language in LANGUAGES else "ar"
    return state["lang"]


def _expire(state: dict, now: datetime) -> bool:
    """Drop a draft whose session expired; return True when one was dropped."""
    if not state.get("q") or not state.get("expires"):
        return False
    try:
        expired = now >= datetime.fromisoformat(state["expires"])
    except (TypeError, ValueError):  # naive/aware mix or a corrupt value: a stale draft is the safe guess
        expired = True
    if expired:
        _drop_draft(state)
    return expired


def _drop_draft(state: dict) -> None:
    """Forget the guided report in progress."""
    state.update(q=None, draft={}, cands=[], editing=False, msgs=[], expires=None)


def _prefixed(effect: Effect, note: str) -> Effect:
    """Put a note in front of a Reply's text."""
    return Reply(f"{note}\n{effect.text}", effect.choices) if isinstance(effect, Reply) else effect
