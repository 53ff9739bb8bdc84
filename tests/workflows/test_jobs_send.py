"""send_outbound and sweep_stale against a fake Twilio API and real Redis/RQ: retries, opt-outs, order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.models import InboundMessage, KeyInformant, OutboundMessage, utcnow
from factories import seed_reporting
from fakes.runtime import drain, rt  # noqa: F401 - fixture
from fakes.sms_env import outbound_rows, sms_client, twilio_api  # noqa: F401 - fixtures
from workflows import inbox, outbox, queue
from workflows.channel import TemporaryChannelError
from workflows.jobs import send_outbound, sweep_stale

URN = "tel:+9647701234567"


def add_reply(rt, text: str = "Thank you. Report R1", *, ki_id: int | None = None) -> int:  # noqa: F811
    """Add a queued reply row; return its id."""
    with rt.session_factory() as session, session.begin():
        row = outbox.queue_reply(session=session, channel="sms", urn=URN, text=text, ki_id=ki_id)
        session.flush()
        return row.id


@pytest.fixture
def ki_id(rt):  # noqa: F811
    """An active KI at URN."""
    [ki] = seed_reporting(session_factory=rt.session_factory)
    return ki


def test_temporary_errors_are_retried_by_rq_until_sent(rt, sms_client, twilio_api, ki_id):  # noqa: F811
    """429 then 500: the row goes back to queued each time, RQ retries, the third try is sent."""
    oid = add_reply(rt, ki_id=ki_id)
    twilio_api.fail_next(429)
    twilio_api.fail_next(500)
    queue.enqueue(rt.redis, "workflows.jobs.send_outbound", oid, queue=queue.OUTBOUND, retries=(0, 0, 0))
    drain(rt.redis)
    [row] = outbound_rows(rt)
    assert (row.status, row.attempts, len(twilio_api.messages)) == ("sent", 3, 1)
    assert row.provider_id == twilio_api.messages[0].sid
    assert twilio_api.requests == 3


def test_temporary_error_releases_the_row_and_raises(rt, sms_client, twilio_api, ki_id):  # noqa: F811
    """Without RQ around: the job re-raises (so RQ would retry) and the row is queued again with the error."""
    oid = add_reply(rt, ki_id=ki_id)
    twilio_api.fail_next(503)
    with pytest.raises(TemporaryChannelError):
        send_outbound(oid)
    [row] = outbound_rows(rt)
    assert row.status == "queued" and "503" in row.error
    assert send_outbound(oid) == "sent"
    assert send_outbound(oid) == "sent"  # idempotent
    assert len(twilio_api.messages) == 1


def test_recipient_opted_out_at_the_provider(rt, sms_client, twilio_api, ki_id):  # noqa: F811
    """Twilio 21610: the row fails and the KI is marked opted out."""
    oid = add_reply(rt, ki_id=ki_id)
    twilio_api.fail_next(400, code=21610)
    assert send_outbound(oid) == "failed"
    with rt.session_factory() as session:
        assert session.get(KeyInformant, ki_id).status == "opted_out"
        assert "21610" in session.get(OutboundMessage, oid).error


def test_permanent_error_fails_the_row_only(rt, sms_client, twilio_api, ki_id):  # noqa: F811
    """Another 4xx fails the row for good; the KI stays active."""
    oid = add_reply(rt, ki_id=ki_id)
    twilio_api.fail_next(400, code=21211)
    assert send_outbound(oid) == "failed"
    with rt.session_factory() as session:
        assert session.get(KeyInformant, ki_id).status == "active"


@pytest.mark.parametrize(
    ("text", "segments", "encoding"),
    [("Thank you. Report R1", 1, "GSM-7"), ("شكرا. تم استلام التقرير " * 4, 2, "UCS-2")],
)
def test_segments_are_recorded(rt, sms_client, twilio_api, ki_id, text, segments, encoding):  # noqa: F811
    """The row keeps how many segments and which encoding the SMS took."""
    oid = add_reply(rt, text, ki_id=ki_id)
    send_outbound(oid)
    [row] = outbound_rows(rt)
    assert (row.segments, row.encoding) == (segments, encoding)


def test_older_replies_go_first(rt, sms_client, twilio_api, ki_id):  # noqa: F811
    """Sending a later reply first sends the recipient's older queued ones, in order."""
    ids = [add_reply(rt, f"reply {i}", ki_id=ki_id) for i in range(3)]
    send_outbound(ids[2])
    assert [m.body for m in twilio_api.messages] == ["reply 0", "reply 1", "reply 2"]
    assert send_outbound(ids[0]) == "sent"
    assert len(twilio_api.messages) == 3


def test_sweeper_requeues_what_the_queue_lost(rt, sms_client, twilio_api, ki_id):  # noqa: F811
    """Rows left `received`/`queued` past the threshold are queued again, once; fresh ones are left alone."""
    rt.sweep_after_seconds = 30
    with rt.session_factory() as session, session.begin():
        old, _ = inbox.store_inbound(
            session=session, channel="sms", external_id="SM1", urn=URN, text="DTM F 12", payload={}
        )
        fresh, _ = inbox.store_inbound(
            session=session, channel="sms", external_id="SM2", urn=URN, text="x", payload={}
        )
        session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == old)
            .values(received_at=utcnow() - timedelta(minutes=5))
        )
    stale_reply = add_reply(rt, "lost reply", ki_id=ki_id)
    with rt.session_factory() as session, session.begin():
        session.execute(
            update(OutboundMessage).values(
                updated_at=utcnow() - timedelta(minutes=5), created_at=utcnow() - timedelta(minutes=5)
            )
        )

    assert sweep_stale() == {"inbound": 1, "outbound": 1}
    assert sweep_stale() == {"inbound": 0, "outbound": 0}  # their jobs are waiting: not queued twice
    jobs = queue.get_queue(rt.redis, "inbound").jobs + queue.get_queue(rt.redis, "outbound").jobs
    assert sorted((j.func_name, j.args[0]) for j in jobs) == [
        ("workflows.jobs.handle_inbound", old),
        ("workflows.jobs.send_outbound", stale_reply),
    ]
    drain(rt.redis)
    with rt.session_factory() as session:
        statuses = dict(session.execute(select(InboundMessage.id, InboundMessage.status)).all())
    assert statuses == {old: "processed", fresh: "processed"}  # the sender's pending messages went together
    assert "lost reply" in [m.body for m in twilio_api.messages]


def test_a_row_left_sending_by_a_dead_worker_is_sent_after_all(rt, sms_client, twilio_api, ki_id):  # noqa: F811
    """A worker died between claiming a reply and recording the answer: the sweeper releases it later."""
    rt.sweep_after_seconds = 30
    oid = add_reply(rt, "echo that must arrive", ki_id=ki_id)
    recent = add_reply(rt, "being sent right now", ki_id=ki_id)
    with rt.session_factory() as session, session.begin():
        assert outbox.claim(session=session, outbound_id=oid) is not None
        assert outbox.claim(session=session, outbound_id=recent) is not None
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == oid)
            .values(updated_at=utcnow() - timedelta(minutes=11))
        )
    sweep_stale()
    statuses = {row.id: row.status for row in outbound_rows(rt)}
    assert statuses == {oid: "queued", recent: "sending"}  # a live send is left alone
    with rt.session_factory() as session, session.begin():  # the next sweeps, after DTM_SWEEP_AFTER_SECONDS
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == oid)
            .values(updated_at=utcnow() - timedelta(minutes=1))
        )
    assert sweep_stale() == {"inbound": 0, "outbound": 1}
    drain(rt.redis)
    assert [m.body for m in twilio_api.messages] == ["echo that must arrive"]
    [row] = [r for r in outbound_rows(rt) if r.id == oid]
    assert (row.status, row.attempts) == ("sent", 2)


def test_replies_are_sent_by_bounded_jobs(rt):  # noqa: F811
    """Many replies at once: jobs of at most SEND_BATCH rows, each allowed time for the paced sends."""
    ids = list(range(1, 2 * outbox.SEND_BATCH + 21))
    assert outbox.enqueue_send(*ids)
    jobs = queue.get_queue(rt.redis, queue.OUTBOUND).jobs
    assert [len(job.args) for job in jobs] == [outbox.SEND_BATCH, outbox.SEND_BATCH, 20]
    assert [a for job in jobs for a in job.args] == ids
    assert {job.timeout for job in jobs} == {outbox.SEND_JOB_TIMEOUT}
