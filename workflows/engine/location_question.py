"""The location question of the guided report: a number from the KI's list, a Place ID or a name.

Names go through `ctx.locations.search` with the KI's own locations preferred. A match that is good and
clearly ahead is taken; otherwise the candidates come back as numbered options, and 0 returns to the
KI's own list. Candidates shown are kept in `state["cands"]` so the next answer can pick one by number.
"""

from __future__ import annotations

from workflows.engine import answers
from workflows.engine.turn import Turn, location_dict
from workflows.engine.types import Reply
from workflows.i18n import N_

AUTO_ACCEPT = 90.0  # a name match this good, clearly ahead of the next, needs no confirmation
CLEAR_LEAD = 15.0
CANDIDATE_MIN = 60.0


def ask_location(turn: Turn) -> Reply:
    """Ask which location, listing the KI's own as numbered options."""
    say, mine = turn.say, turn.ki.locations
    turn.state["cands"] = [location_dict(loc) for loc in mine]
    if not mine:
        return turn.reply(
            say(
                N_("Round %(round)s report. Which location? Send its Place ID or name."),
                round=turn.round_number,
            )
        )
    text = say(
        N_("Round %(round)s report. Which location? Send its number or Place ID:"),
        round=turn.round_number,
    )
    return turn.reply(text, say.options([say.place(loc) for loc in mine]))


def answer_location(turn: Turn, text: str) -> Reply | None:
    """Take a list number, a Place ID or a name; None when a location is set, else the re-ask."""
    say, cands = turn.say, turn.state.get("cands", [])
    choice = answers.pick(text, len(cands)) if cands else "!bad"
    if not answers.is_error(choice):
        turn.draft["location"] = cands[choice - 1]
        return None
    place_id = answers.number(text)
    if place_id == 0:  # "none of these" after a candidate list: back to the KI's own locations
        return ask_location(turn)
    if not answers.is_error(place_id):
        loc = turn.ctx.locations.by_place_id(place_id)
        if loc is None:
            return turn.reply(
                say(N_("No location has Place ID %(place)s. Send the Place ID or name."), place=place_id)
            )
        turn.draft["location"] = location_dict(loc)
        return None
    matches = [
        m
        for m in turn.ctx.locations.search(text, prefer=turn.ki.locations, limit=3)
        if m.score >= CANDIDATE_MIN
    ]
    if (
        matches
        and matches[0].score >= AUTO_ACCEPT
        and (len(matches) == 1 or matches[0].score - matches[1].score >= CLEAR_LEAD)
    ):
        turn.draft["location"] = location_dict(matches[0].location)
        return None
    if not matches:
        return turn.reply(
            say(N_('No location found for "%(text)s". Send the Place ID or the name.'), text=text[:30])
        )
    turn.state["cands"] = [location_dict(m.location) for m in matches]
    options = say.options([say.place(m.location) for m in matches])
    return turn.reply(say(N_("Which one? Send its number, or the Place ID:")), options)
