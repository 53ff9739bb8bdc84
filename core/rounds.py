"""Rounds: open the next data-collection round (closing the previous one), find the round open at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.inputs import InputError
from core.models import Round, utcnow


def _utc(at: datetime) -> datetime:
    """Make a time comparable with stored ones (naive times are taken as UTC)."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def open_round(
    session: Session,
    *,
    number: int | None = None,
    starts_on: date | None = None,
    now: datetime | None = None,
) -> Round:
    """Open a round (next number unless given) and close the one open before it.

    Only one round is open at a time; numbers must increase so the published series stays in order.
    """
    now = _utc(now or utcnow())
    starts_on = starts_on or now.date()
    # Lock the open round (PostgreSQL) so two operators cannot both open one; SQLite serialises writers.
    previous = session.scalars(select(Round).where(Round.status == "open").with_for_update()).all()
    last = session.scalar(select(func.max(Round.number)))
    if number is None:
        number = (last or 0) + 1
    elif number < 1:
        raise InputError(f"round number must be positive, not {number}")
    elif last is not None and number <= last:
        raise InputError(f"round {number} is not after the last round ({last})")
    for old in previous:
        if starts_on < old.starts_on:
            raise InputError(
                f"round {number} cannot start ({starts_on}) before round {old.number} ({old.starts_on})"
            )
        old.status = "closed"
        old.closed_at = now
        old.ends_on = old.ends_on or max(old.starts_on, starts_on - timedelta(days=1))
    new = Round(number=number, starts_on=starts_on, status="open", opened_at=now)
    session.add(new)
    session.flush()
    return new


def current_round(session: Session, at: datetime | None = None) -> Round | None:
    """Return the round open at a time (default: the round open now), or None.

    A round is open from its opened_at until its closed_at, so a late-processed message still lands
    in the round that was open when it arrived.
    """
    if at is None:
        return session.scalar(select(Round).where(Round.status == "open").order_by(Round.number.desc()))
    at = _utc(at)
    query = (
        select(Round)
        .where(Round.opened_at <= at, (Round.closed_at.is_(None)) | (Round.closed_at > at))
        .order_by(Round.number.desc())
    )
    return session.scalars(query).first()


def close_round(
    session: Session, *, now: datetime | None = None, ends_on: date | None = None
) -> Round | None:
    """Close the open round without opening another; return it, or None when none was open."""
    now = _utc(now or utcnow())
    current = session.scalar(select(Round).where(Round.status == "open").with_for_update())
    if current is None:
        return None
    current.status = "closed"
    current.closed_at = now
    current.ends_on = ends_on or max(current.starts_on, now.date())
    session.flush()
    return current
