"""The two texts that describe a whole report: the summary before confirming and the echo after filing."""

from __future__ import annotations

from workflows.engine.messages import NEED_LABELS, SHELTER_LABELS
from workflows.engine.turn import Turn
from workflows.engine.types import LocationRef, ReportDraft
from workflows.i18n import N_


def _breakdown(turn: Turn, codes: list[str], counts: list[int] | None, label) -> str:
    """Return "A 80, B 40" (or just "A" when one item holds all families, "unknown" when empty)."""
    if not codes:
        return turn.say(N_("unknown"))
    if not counts:
        return turn.say.join(label(code) for code in codes)
    return turn.say.join(f"{label(code)} {count}" for code, count in zip(codes, counts, strict=False))


def summary(turn: Turn) -> str:
    """Return the summary of the guided draft the KI is asked to confirm."""
    say, draft = turn.say, turn.draft
    gov_column = {"en": 1, "ar": 2, "ckb": 3}.get(say.lang, 1)
    governorates = {g[0]: g[gov_column] or g[1] for g in turn.ctx.governorates}
    access = draft.get("access") or [None, None, None]
    needs = say.join(say(NEED_LABELS[code]) for code in draft.get("needs", [])) or say(N_("none"))
    aid = draft.get("aid")
    lines = [
        say(N_("Please check:")),
        say.place(draft["location"]),
        say(
            N_("Families %(families)s, people %(individuals)s"),
            families=draft["families"],
            individuals=say.individuals(draft["individuals"], bool(draft.get("estimated"))),
        ),
        say(
            N_("From: %(origins)s"),
            origins=_breakdown(
                turn, draft.get("origin_codes", []), draft.get("origin_counts"), governorates.get
            ),
        ),
        say(
            N_("Shelter: %(shelters)s"),
            shelters=_breakdown(
                turn,
                draft.get("shelter_codes", []),
                draft.get("shelter_counts"),
                lambda c: say(SHELTER_LABELS[c]),
            ),
        ),
        say(N_("Needs: %(needs)s"), needs=needs),
        say(
            N_("Water %(water)s, health %(health)s, education %(education)s"),
            water=say.access(access[0]),
            health=say.access(access[1]),
            education=say.access(access[2]),
        ),
        say(
            N_("Aid in last 30 days: %(aid)s"),
            aid=say(N_("yes") if aid else N_("no")) if aid is not None else say(N_("unknown")),
        ),
    ]
    return "\n".join(lines)


def echo(turn: Turn, report: ReportDraft, loc: LocationRef | dict, show_needs: bool = False) -> str:
    """Return the confirmation of a filed report: its reference and what was understood."""
    say = turn.say
    text = say(
        N_("Thank you. Report %(ref)s: %(place)s, families %(families)s, people %(individuals)s."),
        ref=report.ref,
        place=say.place(loc),
        families=report.families,
        individuals=say.individuals(report.individuals, report.individuals_estimated),
    )
    if report.needs and show_needs:  # compact SMS: show the needs we read, they may have been words
        needs = say.join(say(NEED_LABELS[code]) for code in report.needs)
        text += " " + say(N_("Needs: %(needs)s"), needs=needs) + "."
    last, round_ = turn.ctx.last_report, turn.ctx.round
    place_id = loc["place_id"] if isinstance(loc, dict) else loc.place_id
    if last and round_ and last.location.place_id == place_id and last.round_number == round_.number:
        text += " " + say(N_("It replaces your report %(ref)s."), ref=last.ref)
    return text
