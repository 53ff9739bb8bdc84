"""Inbound messages: store what a provider delivered (exactly once), queue it, and report on it.

Adapters call `accept_inbound` in the request; everything else happens in `workflows.jobs`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.db import is_postgres
from core.models import InboundMessage, OutboundMessage
from workflows import queue, runtime

log = logging.getLogger(__name__)

HANDLE_INBOUND = "workflows.jobs.handle_inbound"


def store_inbound(
    *, session: Session, channel: str, external_id: str, urn: str, text: str, payload: dict
) -> tuple[int, bool]:
    """Insert the message unless (channel, external_id) is known; return (id, created)."""
    dialect = postgresql if is_postgres(session) else sqlite
    stmt = (
        dialect.insert(InboundMessage)
        .values(channel=channel, external_id=external_id, urn=urn, text=text, payload=payload)
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
        .returning(InboundMessage.id)
    )
    new_id = session.execute(stmt).scalar_one_or_none()
    if new_id is not None:
        return new_id, True
    existing = session.execute(
        select(InboundMessage.id).where(
            InboundMessage.channel == channel, InboundMessage.external_id == external_id
        )
    ).scalar_one()
    return existing, False


def inbound_job_id(message_id: int) -> str:
    """Return the queue job id of a message, so the sweeper can tell whether it is still queued."""
    return f"dtm-inbound-{message_id}"


def enqueue_inbound(message_id: int) -> bool:
    """Queue the message for the worker; on a queue outage log and leave it to the sweeper."""
    try:
        queue.enqueue(
            runtime.current().redis,
            HANDLE_INBOUND,
            message_id,
            queue=queue.INBOUND,
            job_id=inbound_job_id(message_id),
        )
    except Exception:  # redis down, timeouts: the row is committed, the sweeper picks it up
        log.warning("could not enqueue inbound message %s; the sweeper will retry", message_id, exc_info=True)
        return False
    return True


def accept_inbound(*, channel: str, external_id: str, urn: str, text: str, payload: dict) -> tuple[int, bool]:
    """Store a delivered message (idempotent on the provider's id), commit, queue it; return (id, created)."""
    factory = runtime.current().session_factory
    with factory() as session, session.begin():
        message_id, created = store_inbound(
            session=session, channel=channel, external_id=external_id, urn=urn, text=text, payload=payload
        )
    if created:
        enqueue_inbound(message_id)
    return message_id, created


@dataclass(frozen=True)
class InboundOutcome:
    """How far an inbound message got, and the replies the system wrote in answer to it."""

    found: bool
    status: str | None = None
    error: str | None = None
    replies: tuple[dict, ...] = ()


def inbound_outcome(*, session: Session, channel: str, external_id: str) -> InboundOutcome:
    """Return the processing status of an inbound message and the replies created for it, in order."""
    message = session.execute(
        select(InboundMessage).where(
            InboundMessage.channel == channel, InboundMessage.external_id == external_id
        )
    ).scalar_one_or_none()
    if message is None:
        return InboundOutcome(found=False)
    rows = session.execute(
        select(OutboundMessage)
        .where(OutboundMessage.in_reply_to_id == message.id)
        .order_by(OutboundMessage.id)
    ).scalars()
    replies = tuple(
        {
            "id": r.id,
            "text": r.text,
            "choices": list(r.choices or []),
            "status": r.status,
            "segments": r.segments,
            "encoding": r.encoding,
        }
        for r in rows
    )
    return InboundOutcome(found=True, status=message.status, error=message.error, replies=replies)


def stale_received_ids(*, session: Session, older_than, limit: int = 1000) -> list[int]:
    """Return ids of messages still `received` since before `older_than` (lost from the queue)."""
    return list(
        session.execute(
            select(InboundMessage.id)
            .where(InboundMessage.status == "received", InboundMessage.received_at < older_than)
            .order_by(InboundMessage.id)
            .limit(limit)
        ).scalars()
    )


def mark_failed(*, session: Session, message_id: int, error: str) -> None:
    """Mark a message failed with the error kept, unless it was processed meanwhile."""
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.id == message_id, InboundMessage.status == "received")
        .values(
            status="failed",
            error=error[:4000],
            attempts=InboundMessage.attempts + 1,
            processed_at=func.now(),
        )
    )


def lookup_outcome(*, channel: str, external_id: str) -> InboundOutcome:
    """Read the outcome of one inbound message in its own short transaction."""
    with runtime.current().session_factory() as session:
        return inbound_outcome(session=session, channel=channel, external_id=external_id)
