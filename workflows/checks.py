"""Plausibility checks of DESIGN §4: they flag a report for a reviewer, they never reject it.

Pure functions over plain values; the runner looks up the last confirmed figure, the KI's assignments and
the other KIs' figures for the same location and round, then calls `report_flags`.
"""

from __future__ import annotations

from collections.abc import Sequence

from workflows.engine.types import ReportDraft

RATIO_MIN, RATIO_MAX = 2, 15  # individuals per family outside this is likely a typo or a unit mix-up
CHANGE_SHARE, CHANGE_FAMILIES = 0.5, 20  # both must be exceeded: small places swing by a few families
DISAGREE_SHARE, DISAGREE_FAMILIES = 0.2, 10  # two KIs of one place should roughly agree

RATIO = "ratio_out_of_range"
CHANGE = "large_change"
NOT_ASSIGNED = "not_assigned"
ORIGINS = "origins_mismatch"
SHELTERS = "shelters_mismatch"
DISAGREE = "ki_disagreement"
EMPTIED = "location_emptied"
FLAGS = (RATIO, CHANGE, NOT_ASSIGNED, ORIGINS, SHELTERS, DISAGREE, EMPTIED)


def ratio_ok(families: int, individuals: int) -> bool:
    """Return True when individuals per family lie within 2–15 (or there are no families)."""
    return families == 0 or RATIO_MIN <= individuals / families <= RATIO_MAX


def large_change(families: int, previous: int | None) -> bool:
    """Return True when families moved over ±50% AND over ±20 families from the last confirmed figure."""
    if previous is None:
        return False
    delta = abs(families - previous)
    return delta > CHANGE_FAMILIES and delta > CHANGE_SHARE * previous


def disagrees(families: int, others: Sequence[int]) -> bool:
    """Return True when another KI's figure for the place differs by over 20% and over 10 families."""
    return any(
        abs(families - other) > DISAGREE_FAMILIES
        and abs(families - other) > DISAGREE_SHARE * max(families, other)
        for other in others
    )


def flags_for(
    *,
    families: int,
    individuals: int,
    individuals_estimated: bool = False,
    origins: Sequence[int] = (),
    shelters: Sequence[int] = (),
    last_confirmed: int | None = None,
    assigned: bool = True,
    other_reports: Sequence[int] = (),
) -> list[str]:
    """Return the flag codes of a report given as plain figures (origins/shelters: families per item)."""
    flags = []
    if not individuals_estimated and not ratio_ok(families, individuals):
        flags.append(RATIO)  # an estimate is families × 6 by construction: nothing to check
    if large_change(families, last_confirmed):
        flags.append(CHANGE)
    if not assigned:
        flags.append(NOT_ASSIGNED)
    if origins and sum(origins) != families:
        flags.append(ORIGINS)
    if shelters and sum(shelters) != families:
        flags.append(SHELTERS)
    if disagrees(families, other_reports):
        flags.append(DISAGREE)
    if families == 0:
        flags.append(EMPTIED)
    return flags


def report_flags(
    draft: ReportDraft,
    *,
    previous_families: int | None,
    ki_assigned: bool,
    other_families: Sequence[int] = (),
) -> list[str]:
    """Return the flag codes of a report the engine produced."""
    return flags_for(
        families=draft.families,
        individuals=draft.individuals,
        individuals_estimated=draft.individuals_estimated,
        origins=[n for _, n in draft.origins],
        shelters=[n for _, n in draft.shelters],
        last_confirmed=previous_families,
        assigned=ki_assigned,
        other_reports=other_families,
    )
