"""File a compact one-SMS report: resolve the place, estimate individuals if missing, echo with the ref."""

from __future__ import annotations

from workflows.engine.grammar import Compact, GrammarError
from workflows.engine.summary import echo
from workflows.engine.turn import Turn
from workflows.engine.types import Effect, LocationRef, ReportDraft, SubmitReport


def handle(turn: Turn, parsed: Compact | GrammarError) -> list[Effect]:
    """Return the effects of a compact report: SubmitReport + echo, or one precise refusal."""
    say = turn.say
    if isinstance(parsed, GrammarError):
        return [turn.reply(say.error(parsed.code, parsed.detail, turn.home_place))]
    location: LocationRef | None
    if parsed.place_id is None:
        if len(turn.ki.locations) != 1:
            return [turn.reply(say.error("place_required", None, turn.home_place))]
        location = turn.ki.locations[0]
    else:
        location = turn.ctx.locations.by_place_id(parsed.place_id)
        if location is None:
            return [turn.reply(say.error("unknown_place", str(parsed.place_id), turn.home_place))]
    estimated = parsed.individuals is None
    individuals = parsed.families * turn.ctx.family_size if parsed.individuals is None else parsed.individuals
    report = ReportDraft(
        location_id=location.id,
        families=parsed.families,
        individuals=individuals,
        individuals_estimated=estimated,
        ref=turn.ref(),
        needs=parsed.needs,
        message_ids=(turn.incoming.message_id,) if turn.incoming.message_id is not None else (),
    )
    return [SubmitReport(report), turn.reply(echo(turn, report, location, show_needs=True))]
