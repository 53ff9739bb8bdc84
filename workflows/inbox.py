"""Inbound messages: store what a provider delivered (exactly once), queue it, and report on it.

Adapters hand messages to `workflows.ingest.InboundCollector` (or call `accept_inbound`) in the request;
everything else happens in `workflows.jobs`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

from sqlalchemy import func, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from core.db import is_postgres
from core.models import InboundMessage, OutboundMessage, utcnow
from workflows import queue, runtime

HANDLE_INBOUND = "workflows.jobs.handle_inbound"


@dataclass(frozen=True)
class Delivered:
    """One message as a provider delivered it, before it is stored (its fields are the row's columns)."""

    channel: str
    external_id: str
    urn: str
    text: str
    payload: dict = field(default_factory=dict)


def _strip_nul(value):
    """Return a text, or a JSON-like value, without NUL characters."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_strip_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_nul(v) for k, v in value.items()}
    return value


def _without_nul(item: Delivered) -> Delivered:
    """Drop NUL characters, which PostgreSQL text cannot hold and no KI meant to send."""
    return replace(item, text=_strip_nul(item.text), payload=_strip_nul(item.payload))


def store_inbound_many(*, session: Session, items: Sequence[Delivered]) -> list[tuple[int, bool]]:
    """Insert the messages whose (channel, external_id) is new; return (id, created) for each item.

    One INSERT ... ON CONFLICT DO NOTHING: a provider retry, even one inside the same batch, inserts
    nothing. Rows are inserted in the order given, so a sender's ids follow arrival order.
    """
    if not items:
        return []
    items = [_without_nul(i) for i in items]
    insert = _insert_postgresql if is_postgres(session) else _insert_sqlite
    created = {(c, e): new_id for new_id, c, e in insert(session, items)}
    missing = {(i.channel, i.external_id) for i in items} - created.keys()
    existing: dict[tuple[str, str], int] = {}
    for channel in {c for c, _ in missing}:
        ids = [e for c, e in missing if c == channel]
        existing.update(
            ((channel, e), mid)
            for mid, e in session.execute(
                select(InboundMessage.id, InboundMessage.external_id).where(
                    InboundMessage.channel == channel, InboundMessage.external_id.in_(ids)
                )
            )
        )
    results, first_seen = [], set()
    for item in items:
        key = (item.channel, item.external_id)
        is_new = key in created and key not in first_seen
        first_seen.add(key)
        results.append((created[key], True) if is_new else (created.get(key) or existing[key], False))
    return results


# One short statement whatever the batch size, with the batch as one JSON parameter: PostgreSQL plans it
# once and the driver sends one string (a multi-row VALUES list is new SQL text for every batch size, and
# text arrays are escaped element by element in Python).
_PG_INSERT_MANY = """
INSERT INTO inbound_messages (channel, external_id, urn, text, payload, status, attempts, received_at)
SELECT m->>'channel', m->>'external_id', m->>'urn', m->>'text', m->'payload', 'received', 0, %(received_at)s
FROM json_array_elements(%(batch)s::json) WITH ORDINALITY AS b(m, n)
ORDER BY b.n
ON CONFLICT (channel, external_id) DO NOTHING
RETURNING id, channel, external_id
"""


def _insert_postgresql(session: Session, items: Sequence[Delivered]):
    """Insert in arrival order (ids follow it) with one statement; return the new rows."""
    batch = [asdict(i) for i in items]
    params = {"batch": json.dumps(batch, ensure_ascii=False), "received_at": utcnow()}
    return session.connection().exec_driver_sql(_PG_INSERT_MANY, params).all()


def _insert_sqlite(session: Session, items: Sequence[Delivered]):
    """Insert in arrival order with a multi-row INSERT; return the new rows."""
    stmt = (
        sqlite.insert(InboundMessage)
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
        .returning(InboundMessage.id, InboundMessage.channel, InboundMessage.external_id)
    )
    rows = [asdict(i) for i in items]
    return session.connection().execute(stmt, rows).all()


def store_inbound(
    *, session: Session, channel: str, external_id: str, urn: str, text: str, payload: dict
) -> tuple[int, bool]:
    """Insert the message unless (channel, external_id) is known; return (id, created)."""
    (result,) = store_inbound_many(
        session=session, items=[Delivered(channel, external_id, urn, text, payload)]
    )
    return result


def enqueue_inbound(*message_ids: int) -> bool:
    """Queue one job for these committed messages (False on a queue outage: the sweeper will)."""
    return queue.enqueue_batch(
        runtime.current().redis, HANDLE_INBOUND, message_ids, queue=queue.INBOUND, id_prefix="dtm-inbound"
    )


def commit_inbound_many(items: Sequence[Delivered]) -> list[tuple[int, bool]]:
    """Store delivered messages in one transaction and commit; return (id, created) for each.

    Once this returns the provider may be answered: a crash after that loses nothing (the sweeper queues
    what the queue missed); a failure before it answers 5xx and the provider retries.
    """
    with runtime.current().session_factory() as session, session.begin():
        return store_inbound_many(session=session, items=items)


def accept_inbound(*, channel: str, external_id: str, urn: str, text: str, payload: dict) -> tuple[int, bool]:
    """Store one delivered message (idempotent on the provider's id), commit, queue it; return (id, created)."""
    (result,) = commit_inbound_many([Delivered(channel, external_id, urn, text, payload)])
    message_id, created = result
    if created:
        enqueue_inbound(message_id)
    return result


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
