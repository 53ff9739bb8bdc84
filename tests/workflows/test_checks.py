"""The plausibility checks of DESIGN §4."""

from __future__ import annotations

import pytest

from workflows import checks
from workflows.engine.types import ReportDraft


def flags(**kw) -> list[str]:
    values = {"families": 100, "individuals": 600}
    values.update(kw)
    return checks.flags_for(**values)


def test_plausible_report_has_no_flags() -> None:
    assert flags(last_confirmed=90, other_reports=[105], origins=[60, 40], shelters=[100]) == []


@pytest.mark.parametrize(
    ("families", "individuals", "flagged"),
    [(100, 199, True), (100, 200, False), (100, 1500, False), (100, 1501, True)],
)
def test_ratio_bounds_are_inclusive(families: int, individuals: int, flagged: bool) -> None:
    assert (checks.RATIO in flags(families=families, individuals=individuals)) is flagged


def test_estimated_individuals_are_not_ratio_checked() -> None:
    assert checks.RATIO not in flags(individuals=100, individuals_estimated=True)


@pytest.mark.parametrize(
    ("families", "previous", "flagged"),
    [(100, 60, True), (100, 70, False), (30, 10, False), (40, 10, True), (100, None, False), (21, 0, True)],
)
def test_change_needs_both_half_and_twenty_families(
    families: int, previous: int | None, flagged: bool
) -> None:
    assert (
        checks.CHANGE in flags(families=families, individuals=families * 6, last_confirmed=previous)
    ) is flagged


def test_not_assigned_breakdowns_disagreement_emptied() -> None:
    assert checks.NOT_ASSIGNED in flags(assigned=False)
    assert checks.ORIGINS in flags(origins=[50, 40])
    assert checks.SHELTERS in flags(shelters=[120])
    assert checks.DISAGREE in flags(other_reports=[100, 150])
    assert checks.DISAGREE not in flags(other_reports=[95, 110])
    assert checks.EMPTIED in flags(families=0, individuals=0)


def test_report_flags_reads_a_draft() -> None:
    draft = ReportDraft(1, 100, 100, False, "R1", origins=(("IQG15", 90),), shelters=(("camp", 100),))
    got = checks.report_flags(draft, previous_families=None, ki_assigned=True, other_families=(100,))
    assert got == [checks.RATIO, checks.ORIGINS]
