"""Queue jobs (they take ids only and are idempotent): handle an inbound message, send a reply, sweep.

`handle_inbound` and `send_outbound` run on the `inbound` and `outbound` queues; `sweep_stale` is run
by the scheduler and at worker start-up.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from redis.exceptions import LockError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import InboundMessage, KeyInformant, KIUrn, OutboundMessage, utcnow
from workflows import inbox, outbox, runtime
from workflows.channel import PermanentChannelError, RecipientOptedOut, TemporaryChannelError
from workflows.runner import process_sender
from workflows.runtime import Runtime

log = logging.getLogger(__name__)

# After this many send attempts a row is failed for good (and the sweeper stops resurrecting it).
MAX_SEND_ATTEMPTS = 8
# Sending one recipient's replies waits at most this long for another worker sending to them.
SEND_LOCK_WAIT = 60
_LIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def handle_inbound(message_id: int) -> int:
    """Process the sender's pending messages (this one included), in order; return replies queued."""
    rt = runtime.current()
    with rt.session_factory() as session:
        urn = session.execute(
            select(InboundMessage.urn).where(InboundMessage.id == message_id)
        ).scalar_one_or_none()
    if urn is None:
        log.warning("inbound message %s does not exist", message_id)
        return 0
    return len(process_sender(urn, rt=rt))


def send_outbound(outbound_id: int) -> str:
    """Send a reply and the recipient's older queued ones first, so a KI reads replies in order."""
    rt = runtime.current()
    with rt.session_factory() as session:
        row = session.get(OutboundMessage, outbound_id)
        if row is None or row.status != "queued":
            return row.status if row else "missing"
        urn = row.urn
    lock = rt.redis.lock(f"dtm:send:{urn}", timeout=SEND_LOCK_WAIT * 2, blocking_timeout=SEND_LOCK_WAIT)
    if not lock.acquire():
        raise TemporaryChannelError(f"another worker is still sending to {urn}")
    try:
        with rt.session_factory() as session:
            pending = outbox.pending_for_urn(session=session, urn=urn, up_to_id=outbound_id)
        for oid in pending:
            _send_one(oid, rt=rt)
    finally:
        try:
            lock.release()
        except LockError:  # it expired while we were sending; nobody else can have sent ours
            log.warning("send lock of %s expired before release", urn)
    with rt.session_factory() as session:
        return session.get(OutboundMessage, outbound_id).status


def _send_one(outbound_id: int, *, rt: Runtime) -> None:
    """Claim one queued row, send it through its channel and record the outcome."""
    with rt.session_factory() as session, session.begin():
        if not outbox.claim(session=session, outbound_id=outbound_id):
            return
        row = session.get(OutboundMessage, outbound_id)
        channel_name, urn, text, choices, ki_id, attempts = (
            row.channel,
            row.urn,
            row.text,
            tuple(row.choices or ()),
            row.ki_id,
            row.attempts,
        )
    channel = rt.channels.get(channel_name)
    try:
        if channel is None:
            raise TemporaryChannelError(f"no channel {channel_name!r} registered in this worker")
        result = channel.send(urn, text, choices)
    except TemporaryChannelError as exc:
        with rt.session_factory() as session, session.begin():
            if attempts >= MAX_SEND_ATTEMPTS:
                outbox.mark_failed(session=session, outbound_id=outbound_id, error=f"gave up: {exc}")
                return
            outbox.release(session=session, outbound_id=outbound_id, error=str(exc))
        raise
    except RecipientOptedOut as exc:
        with rt.session_factory() as session, session.begin():
            outbox.mark_failed(session=session, outbound_id=outbound_id, error=str(exc))
            _opt_out(session=session, ki_id=ki_id, urn=urn)
        return
    except PermanentChannelError as exc:
        with rt.session_factory() as session, session.begin():
            outbox.mark_failed(session=session, outbound_id=outbound_id, error=str(exc))
        return
    except Exception as exc:  # an adapter bug: do not guess whether it went out; keep it for a retry
        with rt.session_factory() as session, session.begin():
            outbox.release(session=session, outbound_id=outbound_id, error=f"{type(exc).__name__}: {exc}")
        raise
    with rt.session_factory() as session, session.begin():
        outbox.mark_sent(
            session=session,
            outbound_id=outbound_id,
            provider_id=result.provider_id,
            segments=result.segments,
            encoding=result.encoding,
        )


def _opt_out(*, session: Session, ki_id: int | None, urn: str) -> None:
    """Mark the KI behind a URN opted out, as the provider says they are."""
    if ki_id is None:
        ki_id = session.execute(select(KIUrn.ki_id).where(KIUrn.urn == urn)).scalar_one_or_none()
    ki = session.get(KeyInformant, ki_id) if ki_id else None
    if ki is not None:
        ki.status = "opted_out"


def sweep_stale() -> dict[str, int]:
    """Re-enqueue messages a crash or a queue outage left behind; return how many of each."""
    rt = runtime.current()
    cutoff = utcnow() - timedelta(seconds=rt.sweep_after_seconds)
    with rt.session_factory() as session:
        inbound_ids = inbox.stale_received_ids(session=session, older_than=cutoff)
        outbound_ids = outbox.stale_queued_ids(
            session=session, older_than=cutoff, max_attempts=MAX_SEND_ATTEMPTS
        )
    inbound_ids = _not_queued(rt, inbound_ids, inbox.inbound_job_id)
    outbound_ids = _not_queued(rt, outbound_ids, outbox.outbound_job_id)
    inbox.enqueue_inbound(*inbound_ids)
    for outbound_id in outbound_ids:
        outbox.enqueue_send(outbound_id)
    if inbound_ids or outbound_ids:
        log.info("sweeper re-enqueued %d inbound and %d outbound", len(inbound_ids), len(outbound_ids))
    return {"inbound": len(inbound_ids), "outbound": len(outbound_ids)}


def _not_queued(rt: Runtime, ids: list[int], job_id) -> list[int]:
    """Keep the ids whose job is not waiting or running already (a long backlog is not a loss)."""
    if not ids:
        return []
    jobs = Job.fetch_many([job_id(i) for i in ids], connection=rt.redis, serializer=JSONSerializer)
    return [
        i
        for i, job in zip(ids, jobs, strict=True)
        if job is None or job.get_status(refresh=False) not in _LIVE
    ]
