"""Two worker processes racing over one KI's burst keep its order (PostgreSQL row lock; SQLite BEGIN IMMEDIATE)."""

from __future__ import annotations

from sqlalchemy import func, select

from core.models import InboundMessage, OutboundMessage, Report, ReportMessage
from factories import PLACE_B, seed_reporting
from fakes.runtime import rt  # noqa: F401 - fixture
from fakes.twilio_api import FakeTwilio
from fakes.workers import start_workers
from workflows.inbox import accept_inbound

GUIDED = ("REPORT", "120", "700", "15", "1", "1 2", "1 1 3", "yes", "1")
KI = "tel:+9647701234567"
OTHERS = [f"+96477010000{i:02d}" for i in range(6)]


def test_two_workers_keep_one_kis_order(database_url, rt, redis_url):  # noqa: F811
    """A guided report answered in 9 quick messages, plus other KIs' reports, processed by 2 workers."""
    seed_reporting(
        session_factory=rt.session_factory,
        kis=[
            {"phone": "+9647701234567"},
            *({"phone": p, "name": f"KI {p}", "place_ids": (PLACE_B,)} for p in OTHERS),
        ],
    )
    # The KI's messages sit next to each other in the queue, so both workers start on that KI at once.
    ids = [
        accept_inbound(channel="sms", external_id=f"SMki{i}", urn=KI, text=answer, payload={})[0]
        for i, answer in enumerate(GUIDED)
    ]
    for i in range(len(GUIDED)):
        for phone in OTHERS[: 1 + i % 3]:
            accept_inbound(
                channel="sms",
                external_id=f"SM{phone}{i}",
                urn=f"tel:{phone}",
                text=f"DTM F {100 + i}",
                payload={},
            )
    with FakeTwilio(auth_token="race-token") as api:
        procs = start_workers(
            2,
            database_url=database_url,
            redis_url=redis_url,
            api_url=api.url,
            token="race-token",
            account_sid=api.account_sid,
        )
        for p in procs:
            p.join(120)
            assert p.exitcode == 0
        sent_to_ki = [m.body for m in api.messages if m.to == "+9647701234567"]

    with rt.session_factory() as session:
        assert session.scalar(select(func.count()).where(InboundMessage.status != "processed")) == 0
        [report] = session.scalars(select(Report).where(Report.ki.has(name="Test KI"))).all()
        assert (report.families, report.individuals, report.status) == (120, 700, "pending")
        assert [n.need for n in report.needs] == ["food", "drinking_water"]
        linked = session.scalars(
            select(ReportMessage.message_id).where(ReportMessage.report_id == report.id)
        ).all()
        assert sorted(linked) == ids
        replies = session.scalars(
            select(OutboundMessage).where(OutboundMessage.urn == KI).order_by(OutboundMessage.id)
        ).all()
        others = session.scalar(
            select(func.count()).select_from(Report).where(Report.location.has(place_id=PLACE_B))
        )
    assert [r.in_reply_to_id for r in replies] == ids  # one reply per message, written in arrival order
    assert sent_to_ki == [r.text for r in replies]  # and delivered in that order
    assert others == sum(1 + i % 3 for i in range(len(GUIDED)))
