"""Apply the engine's effects to the database: reports, KI settings, registration requests, replies."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.db import is_postgres
from core.models import InboundMessage, KeyInformant, OutboundMessage, RegistrationRequest, Round, utcnow
from workflows import outbox
from workflows.engine.types import (
    Effect,
    OptIn,
    OptOut,
    Reply,
    RequestRegistration,
    SetLanguage,
    SubmitReport,
)
from workflows.filing import file_report


def request_registration(*, session: Session, urn: str, channel: str, text: str) -> None:
    """Add the sender to the staff registration queue, or count one more message from them."""
    dialect = postgresql if is_postgres(session) else sqlite
    now = utcnow()
    stmt = dialect.insert(RegistrationRequest).values(
        urn=urn, channel=channel, first_text=text[:2000], message_count=1, first_seen_at=now, last_seen_at=now
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["urn"],
        set_={"message_count": RegistrationRequest.message_count + 1, "last_seen_at": now},
    )
    session.execute(stmt)


def _set_status(ki: KeyInformant | None, effect: OptOut | OptIn) -> None:
    """Opt a KI out, or back in (a suspended KI stays suspended)."""
    if ki is None:
        return
    if isinstance(effect, OptOut):
        ki.status = "opted_out"
    elif ki.status == "opted_out":
        ki.status = "active"


def apply_effects(
    *,
    session: Session,
    effects: Sequence[Effect],
    message: InboundMessage,
    ki: KeyInformant | None,
    rnd: Round | None,
) -> list[OutboundMessage]:
    """Write every effect of one step; return the replies to send (suppressed ones are not returned).

    Replies never go to an opted-out KI, except the confirmation that comes with the opt-out itself.
    """
    for effect in effects:
        if isinstance(effect, SubmitReport):
            if ki is None:
                raise ValueError("the engine filed a report for an unregistered sender")
            file_report(
                session=session,
                draft=effect.draft,
                ki=ki,
                rnd=rnd,
                channel=message.channel,
                message_id=message.id,
            )
        elif isinstance(effect, SetLanguage):
            if ki is not None:
                ki.language = effect.language
        elif isinstance(effect, OptOut | OptIn):
            _set_status(ki, effect)
        elif isinstance(effect, RequestRegistration):
            request_registration(session=session, urn=message.urn, channel=message.channel, text=effect.text)
    opting_out = any(isinstance(e, OptOut) for e in effects)
    suppressed = ki is not None and ki.status == "opted_out" and not opting_out
    replies = [
        outbox.queue_reply(
            session=session,
            channel=message.channel,
            urn=message.urn,
            text=effect.text,
            choices=effect.choices,
            ki_id=ki.id if ki else None,
            in_reply_to_id=message.id,
            suppressed=suppressed,
        )
        for effect in effects
        if isinstance(effect, Reply)
    ]
    session.flush()
    return [r for r in replies if r.status == "queued"]
