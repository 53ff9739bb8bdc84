"""Filing a report on the real database: corrections supersede, and the checks that need other rows flag."""

from __future__ import annotations

from sqlalchemy import select

from core.models import KeyInformant, Location, MasterListEntry, Report, Round
from factories import PLACE_A, PLACE_B, make_ki, make_round, seed_gazetteer
from workflows import checks
from workflows.engine.types import ReportDraft
from workflows.filing import file_report


def draft(location_id: int, families: int, *, ref: str, individuals: int | None = None) -> ReportDraft:
    """Return a confirmed draft for a location."""
    return ReportDraft(
        location_id=location_id,
        families=families,
        individuals=families * 6 if individuals is None else individuals,
        individuals_estimated=False,
        ref=ref,
    )


def test_flags_that_need_other_reports_and_the_master_list(session_factory):
    """Second KI disagreeing, a KI not assigned, a change against the confirmed figure, a correction."""
    with session_factory() as session, session.begin():
        seed_gazetteer(session=session)
        first_round = make_round(session=session)
        amal = make_ki(session=session, name="Amal", phone="+9647701000001", place_ids=[PLACE_A])
        omar = make_ki(session=session, name="Omar", phone="+9647701000002", place_ids=[PLACE_B])
        place_a = session.scalar(select(Location).where(Location.place_id == PLACE_A))
        confirmed = file_report(
            session=session, draft=draft(place_a.id, 100, ref="R1"), ki=amal, rnd=first_round, channel="sms",
            message_id=None,
        )  # fmt: skip
        confirmed.status = "confirmed"
        session.add(
            MasterListEntry(
                location_id=place_a.id, round_id=first_round.id, report_id=confirmed.id, families=100,
                individuals=600,
            )
        )  # fmt: skip
        ids = {"a": place_a.id, "amal": amal.id, "omar": omar.id}

    with session_factory() as session, session.begin():
        rnd = make_round(session=session)
        amal, omar = session.get(KeyInformant, ids["amal"]), session.get(KeyInformant, ids["omar"])
        own = file_report(
            session=session, draft=draft(ids["a"], 200, ref="R2"), ki=amal, rnd=rnd, channel="sms", message_id=None
        )  # fmt: skip
        assert own.flags == [checks.CHANGE]  # 100 -> 200 families against round 1's confirmed figure
        other = file_report(
            session=session, draft=draft(ids["a"], 155, ref="R3"), ki=omar, rnd=rnd, channel="sms", message_id=None
        )  # fmt: skip
        assert set(other.flags) == {checks.CHANGE, checks.NOT_ASSIGNED, checks.DISAGREE}
        other.status = "rejected"  # a reviewer threw it out: it no longer counts against others
        corrected = file_report(
            session=session, draft=draft(ids["a"], 110, ref="R4"), ki=amal, rnd=rnd, channel="sms", message_id=None
        )  # fmt: skip
        assert corrected.flags == [] and corrected.supersedes_id == own.id
        assert own.status == "superseded"

    with session_factory() as session:
        rows = session.execute(
            select(Report.ref, Report.status).join(Round).where(Round.number == 2).order_by(Report.id)
        ).all()
    assert rows == [("R2", "superseded"), ("R3", "rejected"), ("R4", "pending")]
