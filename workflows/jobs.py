"""Queue jobs (they take ids only and are idempotent): handle an inbound message, send a reply, sweep.

`handle_inbound` and `send_outbound` run on the `inbound` and `outbound` queues; `sweep_stale` is run
by the scheduler and at worker start-up.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from redis.exceptions import LockError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import InboundMessage, KeyInformant, KIUrn, OutboundMessage, utcnow
from workflows import inbox, outbox, queue, runtime
from workflows.channel import PermanentChannelError, RecipientOptedOut, TemporaryChannelError
from workflows.runner import process_sender
from workflows.runtime import Runtime

log = logging.getLogger(__name__)

# After this many send attempts a row is failed for good (and the sweeper stops resurrecting it).
MAX_SEND_ATTEMPTS = 8
# A row `sending` for longer than this has lost its worker (a send takes seconds; see outbox.release_stuck).
STUCK_SENDING = timedelta(minutes=10)
# Sending one recipient's replies waits at most this long for another worker sending to them.
SEND_LOCK_WAIT = 60


def handle_inbound(*message_ids: int) -> int:
    """Process the senders of these messages (all their pending messages, in order); return replies queued.

    The webhook queues one job per batch of messages it stored together; each sender is processed
    under their own lock, so jobs overlapping on a sender keep that sender's order.
    """
    rt = runtime.current()
    with rt.session_factory() as session:
        senders = list(
            dict.fromkeys(
                session.execute(
                    select(InboundMessage.urn)
                    .where(InboundMessage.id.in_(message_ids), InboundMessage.status == "received")
                    .order_by(InboundMessage.id)
                ).scalars()
            )
        )
    to_send: list[int] = []
    try:
        for urn in senders:
            to_send.extend(process_sender(urn, rt=rt))
    finally:  # when a sender's lock fails (RQ retries the job), the others' replies still go out now
        outbox.enqueue_send(*to_send)
    return len(to_send)


def send_outbound(*outbound_ids: int) -> str:
    """Send these replies, each recipient's older queued ones first; return their statuses, comma-separated.

    A temporary failure stops that recipient's queue (their order must hold) but not the others'; the job
    then raises so that RQ retries it later, and the rows sent meanwhile are not sent again.
    """
    rt = runtime.current()
    with rt.session_factory() as session:
        queued = session.execute(
            select(OutboundMessage.urn, func.max(OutboundMessage.id))
            .where(OutboundMessage.id.in_(outbound_ids), OutboundMessage.status == "queued")
            .group_by(OutboundMessage.urn)
        ).all()
    retry_later: list[TemporaryChannelError] = []
    for urn, up_to_id in sorted(queued, key=lambda row: row[1]):
        try:
            _send_to(urn, up_to_id, rt=rt)
        except TemporaryChannelError as exc:
            retry_later.append(exc)
    if retry_later:
        raise TemporaryChannelError(f"{len(retry_later)} recipient(s) to retry; first: {retry_later[0]}")
    with rt.session_factory() as session:
        statuses: dict[int, str] = {
            oid: status
            for oid, status in session.execute(
                select(OutboundMessage.id, OutboundMessage.status).where(OutboundMessage.id.in_(outbound_ids))
            )
        }
    return ",".join(statuses.get(oid, "missing") for oid in outbound_ids)


def _send_to(urn: str, up_to_id: int, *, rt: Runtime) -> None:
    """Send a recipient's queued replies up to `up_to_id`, oldest first, holding their send lock."""
    lock = rt.redis.lock(f"dtm:send:{urn}", timeout=SEND_LOCK_WAIT * 2, blocking_timeout=SEND_LOCK_WAIT)
    if not lock.acquire():
        raise TemporaryChannelError(f"another worker is still sending to {urn}")
    try:
        with rt.session_factory() as session:
            pending = outbox.pending_for_urn(session=session, urn=urn, up_to_id=up_to_id)
        for oid in pending:
            _send_one(oid, rt=rt)
    finally:
        try:
            lock.release()
        except LockError:  # it expired while we were sending; nobody else can have sent ours
            log.warning("send lock of %s expired before release", urn)


def _send_one(outbound_id: int, *, rt: Runtime) -> None:
    """Claim one queued row, send it through its channel and record the outcome."""
    with rt.session_factory() as session, session.begin():
        row = outbox.claim(session=session, outbound_id=outbound_id)
    if row is None:
        return
    channel = rt.channels.get(row.channel)
    try:
        if channel is None:
            raise TemporaryChannelError(f"no channel {row.channel!r} registered in this worker")
        result = channel.send(row.urn, row.text, row.choices)
    except TemporaryChannelError as exc:
        with rt.session_factory() as session, session.begin():
            if row.attempts >= MAX_SEND_ATTEMPTS:
                outbox.mark_failed(session=session, outbound_id=outbound_id, error=f"gave up: {exc}")
                return
            outbox.release(session=session, outbound_id=outbound_id, error=str(exc))
        raise
    except RecipientOptedOut as exc:
        with rt.session_factory() as session, session.begin():
            outbox.mark_failed(session=session, outbound_id=outbound_id, error=str(exc))
            _opt_out(session=session, ki_id=row.ki_id, urn=row.urn)
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
    with rt.session_factory() as session, session.begin():
        released = outbox.release_stuck(session=session, older_than=utcnow() - STUCK_SENDING)
    if released:
        log.warning("released %d outbound message(s) left `sending` by a stopped worker", released)
    with rt.session_factory() as session:
        inbound_ids = inbox.stale_received_ids(session=session, older_than=cutoff)
        outbound_ids = outbox.stale_queued_ids(
            session=session, older_than=cutoff, max_attempts=MAX_SEND_ATTEMPTS
        )
    if inbound_ids:
        covered = queue.live_job_ids(rt.redis, queue.INBOUND, inbox.HANDLE_INBOUND)
        inbound_ids = [i for i in inbound_ids if i not in covered]
    if outbound_ids:
        covered = queue.live_job_ids(rt.redis, queue.OUTBOUND, outbox.SEND_OUTBOUND)
        outbound_ids = [i for i in outbound_ids if i not in covered]
    inbox.enqueue_inbound(*inbound_ids)
    outbox.enqueue_send(*outbound_ids)
    if inbound_ids or outbound_ids:
        log.info("sweeper re-enqueued %d inbound and %d outbound", len(inbound_ids), len(outbound_ids))
    return {"inbound": len(inbound_ids), "outbound": len(outbound_ids)}
