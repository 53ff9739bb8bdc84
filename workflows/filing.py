"""File a confirmed report: breakdowns, provenance, plausibility flags, and supersede the KI's earlier one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import (
    AdminArea,
    KeyInformant,
    MasterListEntry,
    Report,
    ReportMessage,
    ReportNeed,
    ReportOrigin,
    ReportShelter,
    Round,
)
from workflows import checks
from workflows.engine.types import ReportDraft


class FilingError(ValueError):
    """The engine asked to file something the database cannot hold (no open round, unknown place)."""


def last_confirmed(*, session: Session, location_id: int, rnd: Round) -> MasterListEntry | None:
    """Return the latest master-list figure of a location up to this round."""
    return session.execute(
        select(MasterListEntry)
        .join(Round, Round.id == MasterListEntry.round_id)
        .where(MasterListEntry.location_id == location_id, Round.number <= rnd.number)
        .order_by(Round.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def standing_reports(*, session: Session, location_id: int, round_id: int) -> list[Report]:
    """Return the reports of a location in a round that no later one superseded, oldest first."""
    return list(
        session.execute(
            select(Report)
            .where(
                Report.location_id == location_id,
                Report.round_id == round_id,
                Report.status != "superseded",
            )
            .order_by(Report.id)
        ).scalars()
    )


def file_report(
    *,
    session: Session,
    draft: ReportDraft,
    ki: KeyInformant,
    rnd: Round | None,
    channel: str,
    message_id: int | None,
) -> Report:
    """Write a report with its breakdowns, flags and provenance; supersede the KI's earlier one."""
    if rnd is None:
        raise FilingError("no round is open")
    confirmed = last_confirmed(session=session, location_id=draft.location_id, rnd=rnd)
    standing = standing_reports(session=session, location_id=draft.location_id, round_id=rnd.id)
    earlier = [r for r in standing if r.ki_id == ki.id]  # the KI's own: this report corrects them
    flags = checks.report_flags(
        draft,
        previous_families=confirmed.families if confirmed else None,
        ki_assigned=any(loc.id == draft.location_id for loc in ki.locations),
        other_families=tuple(r.families for r in standing if r.ki_id != ki.id and r.status != "rejected"),
    )
    report = Report(
        ref=draft.ref,
        location_id=draft.location_id,
        round_id=rnd.id,
        ki_id=ki.id,
        channel=channel,
        families=draft.families,
        individuals=draft.individuals,
        individuals_estimated=draft.individuals_estimated,
        access_water=draft.access_water,
        access_health=draft.access_health,
        access_education=draft.access_education,
        assistance_received=draft.assistance_received,
        note=draft.note,
        flags=list(flags),
        supersedes_id=earlier[-1].id if earlier else None,
    )
    for old in earlier:
        old.status = "superseded"
    report.origins = _origins(session=session, origins=draft.origins)
    report.shelters = [ReportShelter(shelter_type=kind, families=n) for kind, n in draft.shelters]
    report.needs = [ReportNeed(rank=i, need=need) for i, need in enumerate(draft.needs[:3], start=1)]
    session.add(report)
    session.flush()
    ids = dict.fromkeys([*draft.message_ids, *([message_id] if message_id else [])])
    session.add_all(ReportMessage(report_id=report.id, message_id=mid) for mid in ids)
    return report


def _origins(*, session: Session, origins: tuple[tuple[str, int], ...]) -> list[ReportOrigin]:
    """Map governorate P-codes to rows; an unknown P-code is a bug in the engine, not KI input."""
    if not origins:
        return []
    pcodes = [pcode for pcode, _ in origins]
    ids: dict[str, int] = {
        pcode: area_id
        for pcode, area_id in session.execute(
            select(AdminArea.pcode, AdminArea.id).where(AdminArea.pcode.in_(pcodes), AdminArea.level == 1)
        )
    }
    missing = [p for p in pcodes if p not in ids]
    if missing:
        raise FilingError(f"unknown governorate P-code(s): {', '.join(missing)}")
    return [ReportOrigin(governorate_id=ids[pcode], families=n) for pcode, n in origins]
