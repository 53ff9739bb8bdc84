"""The guided report: one question per message, from location to confirmation.

Order: location (skipped for a one-location KI) -> families -> individuals -> origin [-> origin_split]
-> shelter [-> shelter_split] -> needs -> services -> assistance -> confirm (send / change / cancel).
`state["q"]` is the question waiting for an answer; answers go to `state["draft"]`. Each question has an
`_ask_*` that builds its Reply and an `_answer_*` that stores the answer and returns None, or returns the
short re-ask. While editing (`state["editing"]`) an answer goes straight back to the summary.
"""

from __future__ import annotations

from collections.abc import Callable

from core.models.reports import NEEDS, SHELTER_TYPES
from workflows.engine import answers
from workflows.engine.location_question import answer_location, ask_location
from workflows.engine.messages import CONFIRM_OPTIONS, EDIT_FIELDS, NEED_LABELS, SHELTER_LABELS, YES_NO
from workflows.engine.normalize import fold
from workflows.engine.summary import echo, summary
from workflows.engine.turn import Turn, location_dict
from workflows.engine.types import Effect, ReportDraft, SubmitReport
from workflows.i18n import N_


def start(turn: Turn) -> list[Effect]:
    """Begin a new guided report, skipping the location question for a one-location KI."""
    turn.state.update(draft={}, editing=False, cands=[])
    if len(turn.ki.locations) == 1:
        turn.draft["location"] = location_dict(turn.ki.locations[0])
        return [_ask(turn, "families")]
    return [_ask(turn, "location")]


def answer(turn: Turn, text: str) -> list[Effect]:
    """Take the answer to the waiting question; ask the next one, re-ask, or submit."""
    q = turn.state["q"]
    if q == "confirm":
        return _answer_confirm(turn, text)
    retry = ANSWERS[q](turn, text)
    if retry is not None:
        return [retry]
    return [_ask(turn, _next_question(turn, q))]


def _next_question(turn: Turn, answered: str) -> str:
    """Return the question after `answered` (back to the summary when editing)."""
    draft = turn.draft
    if answered == "edit":
        return turn.state.pop("edit_target")
    if answered == "origin" and len(draft.get("origin_codes", [])) > 1:
        return "origin_split"
    if answered == "shelter" and len(draft.get("shelter_codes", [])) > 1:
        return "shelter_split"
    if turn.state.get("editing"):
        if (
            answered == "families"
            and not draft.get("estimated")
            and draft.get("individuals", 0) < draft["families"]
        ):
            return "individuals"  # the old individuals figure no longer fits
        return "confirm"
    order = (
        "location",
        "families",
        "individuals",
        "origin",
        "origin_split",
        "shelter",
        "shelter_split",
        "needs",
        "services",
        "assistance",
        "confirm",
    )
    following = order[order.index(answered) + 1]
    return (
        "shelter" if following == "origin_split" else "needs" if following == "shelter_split" else following
    )


def _ask(turn: Turn, q: str):
    """Set the waiting question and return its Reply."""
    turn.state["q"] = q
    return ASKS[q](turn)


# --- families and individuals ---------------------------------------------------------------------------

_NUMBER_RETRY = {
    "!negative": N_("Numbers cannot be negative."),
    "!too_large": N_("That number is too large for one location."),
}


def _ask_families(turn: Turn):
    place = turn.say.place(turn.draft["location"])
    return turn.reply(turn.say(N_("%(place)s: how many displaced families live there now?"), place=place))


def _answer_families(turn: Turn, text: str):
    value = answers.families(text)
    if answers.is_error(value):
        why = _NUMBER_RETRY.get(value)
        again = turn.say(N_("Send the number of families in digits, e.g. 120."))
        return turn.reply(f"{turn.say(why)} {again}" if why else again)
    turn.draft["families"] = value
    if turn.draft.get("estimated"):  # keep an estimate in step with the new families figure
        turn.draft["individuals"] = value * turn.ctx.family_size
    return None


def _ask_individuals(turn: Turn):
    text = turn.say(
        N_("How many people in the %(families)s families? Send a number, or ? if you don't know."),
        families=turn.draft["families"],
    )
    return turn.reply(text, [turn.say(N_("? Don't know"))] if turn.incoming.channel == "telegram" else None)


def _answer_individuals(turn: Turn, text: str):
    draft, say = turn.draft, turn.say
    if answers.dont_know(text):
        draft.update(individuals=draft["families"] * turn.ctx.family_size, estimated=True)
        return None
    value = answers.number(text)
    if not answers.is_error(value) and value < draft["families"]:
        return turn.reply(
            say(
                N_("People cannot be fewer than families (%(families)s). Send the number of people, or ?"),
                families=draft["families"],
            )
        )
    if answers.is_error(value):
        why = _NUMBER_RETRY.get(value)
        again = say(N_("Send the number of people in digits, e.g. 700, or ? if you don't know."))
        return turn.reply(f"{say(why)} {again}" if why else again)
    draft.update(individuals=value, estimated=False)
    return None


# --- origin and shelter: pick one or more, then families for each when several ---------------------------


def _governorate_names(turn: Turn) -> list[str]:
    column = {"en": 1, "ar": 2, "ckb": 3}.get(turn.say.lang, 1)
    return [gov[column] or gov[1] for gov in turn.ctx.governorates]


def _ask_origin(turn: Turn):
    text = turn.say(N_("Where did most come from? Send governorate numbers, or 0 if unknown:"))
    return turn.reply(text, turn.say.options(_governorate_names(turn)))


def _answer_origin(turn: Turn, text: str):
    govs = turn.ctx.governorates
    names = {fold(name): n for n, gov in enumerate(govs, start=1) for name in gov[1:] if name}
    chosen = answers.picks(text, len(govs), names, allow_zero=True)
    if answers.is_error(chosen):
        return turn.reply(
            turn.say(
                N_("Send governorate numbers from 1 to %(count)s, e.g. 8, or 0 if unknown."), count=len(govs)
            )
        )
    turn.draft.update(origin_codes=[govs[n - 1][0] for n in chosen], origin_counts=None)
    return None


def _ask_shelter(turn: Turn):
    labels = [turn.say(SHELTER_LABELS[code]) for code in SHELTER_TYPES]
    return turn.reply(turn.say(N_("Where do they live? Send shelter numbers:")), turn.say.options(labels))


def _answer_shelter(turn: Turn, text: str):
    names = {fold(turn.say(SHELTER_LABELS[code])): n for n, code in enumerate(SHELTER_TYPES, start=1)}
    chosen = answers.picks(text, len(SHELTER_TYPES), names)
    if answers.is_error(chosen):
        return turn.reply(turn.say(N_("Send shelter numbers from 1 to 11, e.g. 2.")))
    turn.draft.update(shelter_codes=[SHELTER_TYPES[n - 1] for n in chosen], shelter_counts=None)
    return None


def _ask_split(turn: Turn, labels: list[str]):
    text = turn.say(
        N_("How many families in each: %(names)s? Send %(count)s numbers in that order."),
        names=turn.say.join(labels),
        count=len(labels),
    )
    return turn.reply(text)


def _origin_labels(turn: Turn) -> list[str]:
    by_code = dict(zip((g[0] for g in turn.ctx.governorates), _governorate_names(turn), strict=True))
    return [by_code.get(code, code) for code in turn.draft["origin_codes"]]


def _shelter_labels(turn: Turn) -> list[str]:
    return [turn.say(SHELTER_LABELS[code]) for code in turn.draft["shelter_codes"]]


def _split_answer(key: str, labels: Callable[[Turn], list[str]]):
    def handle(turn: Turn, text: str):
        names = labels(turn)
        values = answers.counts(text, len(names))
        if answers.is_error(values):
            return turn.reply(
                turn.say(
                    N_("Send %(count)s numbers, one for each: %(names)s."),
                    count=len(names),
                    names=turn.say.join(names),
                )
            )
        turn.draft[key] = values
        return None

    return handle


# --- needs, services, assistance ------------------------------------------------------------------------


def _ask_needs(turn: Turn):
    labels = [turn.say(NEED_LABELS[code]) for code in NEEDS]
    text = turn.say(N_("Top needs? Send up to 3 numbers, most important first:"))
    return turn.reply(text, turn.say.options(labels))


def _answer_needs(turn: Turn, text: str):
    value = answers.needs(text, NEEDS)
    if answers.is_error(value):
        return turn.reply(
            turn.say(N_("Send up to 3 need numbers from 1 to 12, most important first, e.g. 1 2 5."))
        )
    turn.draft["needs"] = value
    return None


def _ask_services(turn: Turn):
    return turn.reply(
        turn.say(N_("Access to water, health, education? For each send 1 yes, 2 partly, 3 no. E.g. 1 2 3"))
    )


def _answer_services(turn: Turn, text: str):
    value = answers.access(text)
    if answers.is_error(value):
        return turn.reply(
            turn.say(N_("Send 3 numbers for water, health, education: 1 yes, 2 partly, 3 no. E.g. 1 2 3"))
        )
    turn.draft["access"] = value
    return None


def _ask_assistance(turn: Turn):
    text = turn.say(N_("Did they get any aid in the last 30 days?"))
    return turn.reply(text, turn.say.options([turn.say(label) for label in YES_NO]))


def _answer_assistance(turn: Turn, text: str):
    value = answers.yes_no(text)
    if answers.is_error(value):
        return turn.reply(turn.say(N_("Send 1 for yes or 2 for no.")))
    turn.draft["aid"] = value
    return None


# --- summary, confirm, edit -----------------------------------------------------------------------------


def _ask_confirm(turn: Turn):
    turn.state["editing"] = False
    return turn.reply(summary(turn), turn.say.options([turn.say(label) for label in CONFIRM_OPTIONS]))


def _answer_confirm(turn: Turn, text: str) -> list[Effect]:
    choice = answers.pick(text, len(CONFIRM_OPTIONS))
    if choice == 1:
        report = build_report(turn)
        text = echo(turn, report, turn.draft["location"])
        turn.state.update(q=None, draft={}, cands=[], editing=False, msgs=[])
        return [SubmitReport(report), turn.reply(text)]
    if choice == 2:
        return [_ask(turn, "edit")]
    if choice == 3:
        turn.state.update(q=None, draft={}, cands=[], editing=False, msgs=[])
        return [turn.reply(turn.say(N_("Report cancelled. Send REPORT to start again.")))]
    return [turn.reply(turn.say(N_("Send 1 to send the report, 2 to change something or 3 to cancel.")))]


def _ask_edit(turn: Turn):
    labels = [turn.say(label) for _, label in EDIT_FIELDS]
    return turn.reply(turn.say(N_("What do you want to change?")), turn.say.options(labels))


def _answer_edit(turn: Turn, text: str):
    choice = answers.pick(text, len(EDIT_FIELDS))
    if answers.is_error(choice):
        return turn.reply(turn.say(N_("Send a number from 1 to %(count)s."), count=len(EDIT_FIELDS)))
    turn.state["editing"] = True
    turn.state["edit_target"] = EDIT_FIELDS[choice - 1][0]
    return None


def build_report(turn: Turn) -> ReportDraft:
    """Return the ReportDraft of the finished guided report."""
    draft = turn.draft
    families = draft["families"]

    def breakdown(codes_key: str, counts_key: str) -> tuple[tuple[str, int], ...]:
        codes = draft.get(codes_key) or []
        counts = draft.get(counts_key) or ([families] if len(codes) == 1 else [])
        return tuple(zip(codes, counts, strict=False))

    access = draft.get("access") or [None, None, None]
    ids = [*turn.state.get("msgs", [])]
    return ReportDraft(
        location_id=draft["location"]["id"],
        families=families,
        individuals=draft["individuals"],
        individuals_estimated=bool(draft.get("estimated")),
        ref=turn.ref(),
        origins=breakdown("origin_codes", "origin_counts"),
        shelters=breakdown("shelter_codes", "shelter_counts"),
        needs=tuple(draft.get("needs", [])),
        access_water=access[0],
        access_health=access[1],
        access_education=access[2],
        assistance_received=draft.get("aid"),
        message_ids=tuple(ids),
    )


ASKS = {
    "location": ask_location,
    "families": _ask_families,
    "individuals": _ask_individuals,
    "origin": _ask_origin,
    "origin_split": lambda turn: _ask_split(turn, _origin_labels(turn)),
    "shelter": _ask_shelter,
    "shelter_split": lambda turn: _ask_split(turn, _shelter_labels(turn)),
    "needs": _ask_needs,
    "services": _ask_services,
    "assistance": _ask_assistance,
    "confirm": _ask_confirm,
    "edit": _ask_edit,
}
ANSWERS = {
    "location": answer_location,
    "families": _answer_families,
    "individuals": _answer_individuals,
    "origin": _answer_origin,
    "origin_split": _split_answer("origin_counts", _origin_labels),
    "shelter": _answer_shelter,
    "shelter_split": _split_answer("shelter_counts", _shelter_labels),
    "needs": _answer_needs,
    "services": _answer_services,
    "assistance": _answer_assistance,
    "edit": _answer_edit,
}
