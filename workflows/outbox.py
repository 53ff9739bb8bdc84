"""Outbound messages: the row life cycle (queued -> sending -> sent -> delivered/...) and provider callbacks.

Every transition is a conditional UPDATE, so two workers (or a late callback) never move a row backwards
or send it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.models import OutboundMessage
from workflows import queue, runtime

SEND_OUTBOUND = "workflows.jobs.send_outbound"

# A provider's delivery report may only move a row forward; these are the states each report may follow.
# Callbacks can arrive out of order (delivered before sent), hence "from" sets rather than a sequence.
_PROGRESS_FROM: dict[str, tuple[str, ...]] = {
    "sent": ("sending",),
    "delivered": ("sending", "sent", "undelivered"),
    "undelivered": ("sending", "sent"),
    "failed": ("sending", "sent"),
}


def queue_reply(
    *,
    session: Session,
    channel: str,
    urn: str,
    text: str,
    choices: tuple[str, ...] | list[str] = (),
    ki_id: int | None = None,
    in_reply_to_id: int | None = None,
    suppressed: bool = False,
) -> OutboundMessage:
    """Add a message to send (or, for an opted-out recipient, record it as suppressed)."""
    row = OutboundMessage(
        channel=channel,
        urn=urn,
        text=text,
        choices=list(choices),
        ki_id=ki_id,
        in_reply_to_id=in_reply_to_id,
        status="suppressed" if suppressed else "queued",
    )
    session.add(row)
    return row


@dataclass(frozen=True)
class Claimed:
    """A row this worker moved to `sending`: what to send, to whom, and how many attempts it has had."""

    channel: str
    urn: str
    text: str
    choices: tuple[str, ...]
    ki_id: int | None
    attempts: int


def claim(*, session: Session, outbound_id: int) -> Claimed | None:
    """Move a row from queued to sending and return it; None when someone else has it or it is done."""
    row = session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == outbound_id, OutboundMessage.status == "queued")
        .values(status="sending", attempts=OutboundMessage.attempts + 1, updated_at=func.now())
        .returning(
            OutboundMessage.channel,
            OutboundMessage.urn,
            OutboundMessage.text,
            OutboundMessage.choices,
            OutboundMessage.ki_id,
            OutboundMessage.attempts,
        )
    ).one_or_none()
    if row is None:
        return None
    channel, urn, text, choices, ki_id, attempts = row
    return Claimed(channel, urn, text, tuple(choices or ()), ki_id, attempts)


def mark_sent(
    *, session: Session, outbound_id: int, provider_id: str, segments: int | None, encoding: str | None
) -> None:
    """Record that the provider accepted the message."""
    session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == outbound_id, OutboundMessage.status == "sending")
        .values(
            status="sent",
            provider_id=provider_id,
            segments=segments,
            encoding=encoding,
            error=None,
            sent_at=func.now(),
            updated_at=func.now(),
        )
    )


def release(*, session: Session, outbound_id: int, error: str) -> None:
    """Put a row back in the queue after a temporary failure, keeping the error."""
    session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == outbound_id, OutboundMessage.status == "sending")
        .values(status="queued", error=error[:2000], updated_at=func.now())
    )


def mark_failed(*, session: Session, outbound_id: int, error: str) -> None:
    """Give up on a row: the provider will never accept it."""
    session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == outbound_id, OutboundMessage.status.in_(("queued", "sending")))
        .values(status="failed", error=error[:2000], updated_at=func.now())
    )


def record_delivery(*, session: Session, provider_id: str, status: str, error: str | None = None) -> bool:
    """Apply a provider delivery report (our status vocabulary) to the row it names; True if it moved."""
    allowed_from = _PROGRESS_FROM.get(status)
    if allowed_from is None:
        return False
    values: dict = {"status": status, "updated_at": func.now()}
    if error:
        values["error"] = error[:2000]
    result = session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.provider_id == provider_id, OutboundMessage.status.in_(allowed_from))
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult


def pending_for_urn(*, session: Session, urn: str, up_to_id: int) -> list[int]:
    """Return ids of rows still queued for a recipient, oldest first, up to and including `up_to_id`."""
    return list(
        session.execute(
            select(OutboundMessage.id)
            .where(
                OutboundMessage.urn == urn,
                OutboundMessage.status == "queued",
                OutboundMessage.id <= up_to_id,
            )
            .order_by(OutboundMessage.id)
        ).scalars()
    )


def release_stuck(*, session: Session, older_than: datetime) -> int:
    """Put rows left `sending` since before `older_than` back in the queue; return how many.

    A worker that dies between claiming a row and recording the provider's answer leaves it `sending`.
    Sending it again may deliver it twice (if the provider had accepted it), which is better than a KI
    never getting the reply; sends take seconds, so a row this old has no live worker behind it.
    """
    result = session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.status == "sending", OutboundMessage.updated_at < older_than)
        .values(status="queued", error="released: its worker stopped mid-send", updated_at=func.now())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult


def stale_queued_ids(
    *, session: Session, older_than: datetime, max_attempts: int, limit: int = 1000
) -> list[int]:
    """Return ids of rows left queued since before `older_than` (job lost or out of retries)."""
    return list(
        session.execute(
            select(OutboundMessage.id)
            .where(
                OutboundMessage.status == "queued",
                OutboundMessage.updated_at < older_than,
                OutboundMessage.attempts < max_attempts,
            )
            .order_by(OutboundMessage.id)
            .limit(limit)
        ).scalars()
    )


def apply_delivery_report(*, provider_id: str, status: str, error: str | None = None) -> bool:
    """Record a provider delivery report in its own transaction; True if a row moved."""
    with runtime.current().session_factory() as session, session.begin():
        return record_delivery(session=session, provider_id=provider_id, status=status, error=error)


# Sends are paced per sender number (DTM_SMS_RATE_PER_SECOND, ~1/s for a long code), so a send job gets
# a bounded number of rows and a long timeout: 50 rows at 0.1 msg/s still finish within it.
SEND_BATCH = 50
SEND_JOB_TIMEOUT = 900


def enqueue_send(*outbound_ids: int) -> bool:
    """Queue send jobs for these committed rows (False on a queue outage: the sweeper will)."""
    redis = runtime.current().redis
    return all(  # a list, not a generator: one chunk failing must not stop the others being queued
        [
            queue.enqueue_batch(
                redis,
                SEND_OUTBOUND,
                outbound_ids[start : start + SEND_BATCH],
                queue=queue.OUTBOUND,
                id_prefix="dtm-outbound",
                timeout=SEND_JOB_TIMEOUT,
            )
            for start in range(0, len(outbound_ids), SEND_BATCH)
        ]
    )
