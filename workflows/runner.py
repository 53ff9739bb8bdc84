"""Process a sender's inbound messages in arrival order under the sender's lock (DESIGN §3.3).

The lock is the sender's `conversations` row: SELECT ... FOR UPDATE on PostgreSQL; on SQLite every
transaction is BEGIN IMMEDIATE (see core.db), which serialises writers. Each message gets its own
transaction, so one that raises is marked failed and never blocks the sender's next messages.
"""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.db import is_postgres
from core.models import Conversation, InboundMessage
from workflows import inbox
from workflows.effects import apply_effects
from workflows.engine.flow import step
from workflows.engine.types import Incoming
from workflows.runner_context import load_context
from workflows.runtime import Runtime

log = logging.getLogger(__name__)

# A sender cannot have more pending messages than this in one job; the rest wait for the next job.
MAX_MESSAGES_PER_RUN = 500


def lock_conversation(*, session: Session, urn: str) -> Conversation:
    """Lock the sender's conversation row for this transaction, creating it on their first message."""
    locked = select(Conversation).where(Conversation.urn == urn).with_for_update()
    conversation = session.execute(locked).scalar_one_or_none()
    if conversation is not None:
        return conversation
    dialect = postgresql if is_postgres(session) else sqlite
    session.execute(
        dialect.insert(Conversation).on_conflict_do_nothing(index_elements=["urn"]), {"urn": urn, "state": {}}
    )
    return session.execute(locked).scalar_one()


def next_received(*, session: Session, urn: str) -> tuple[InboundMessage | None, bool]:
    """Return the sender's oldest message not yet processed, and whether another one waits behind it."""
    found = (
        session.execute(
            select(InboundMessage)
            .where(InboundMessage.urn == urn, InboundMessage.status == "received")
            .order_by(InboundMessage.id)
            .limit(2)
        )
        .scalars()
        .all()
    )
    return (found[0] if found else None), len(found) > 1


def process_message(*, session: Session, conversation: Conversation, message: InboundMessage, rt: Runtime):
    """Run one message through the engine and write its effects; return the replies to send."""
    loaded = load_context(session=session, urn=message.urn, received_at=message.received_at, rt=rt)
    now = datetime.now(UTC)
    incoming = Incoming(text=message.text, urn=message.urn, channel=message.channel, message_id=message.id)
    state, effects = step(dict(conversation.state or {}), incoming, loaded.context, now)
    replies = apply_effects(session=session, effects=effects, message=message, ki=loaded.ki, rnd=loaded.round)
    conversation.state = state
    conversation.ki_id = loaded.ki.id if loaded.ki else None
    conversation.updated_at = now
    message.status = "processed"
    message.processed_at = now
    message.attempts += 1
    message.ki_id = loaded.ki.id if loaded.ki else None
    return replies


def process_sender(urn: str, *, rt: Runtime) -> list[int]:
    """Process all of a sender's received messages, oldest first; return the ids of replies to send.

    The caller queues the replies (one job for all of them); until then the sweeper covers a crash.
    """
    to_send: list[int] = []
    more = True
    for _ in range(MAX_MESSAGES_PER_RUN):
        if not more:
            break
        message_id: int | None = None
        try:
            with rt.session_factory() as session, session.begin():
                conversation = lock_conversation(session=session, urn=urn)
                message, more = next_received(session=session, urn=urn)
                if message is None:
                    break
                message_id = message.id
                replies = process_message(session=session, conversation=conversation, message=message, rt=rt)
                new_ids = [r.id for r in replies]
        except Exception as exc:
            if message_id is None:
                raise  # could not even take the lock: let the queue retry the job
            log.exception("inbound message %s failed", message_id)
            _mark_failed(urn=urn, message_id=message_id, error=_describe(exc), rt=rt)
            more = True  # look again: the failed one is out of the way now
            continue
        to_send.extend(new_ids)
    return to_send


def _mark_failed(*, urn: str, message_id: int, error: str, rt: Runtime) -> None:
    """Mark a message failed in a new transaction, under the sender's lock."""
    with rt.session_factory() as session, session.begin():
        lock_conversation(session=session, urn=urn)
        inbox.mark_failed(session=session, message_id=message_id, error=error)


def _describe(exc: BaseException) -> str:
    """Return the error text kept on a failed message: type, message and the innermost frames."""
    tail = "".join(traceback.format_exception(exc)[-6:])
    return f"{type(exc).__name__}: {exc}\n{tail}"
