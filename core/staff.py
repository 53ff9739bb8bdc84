"""Staff users: create them with a role and governorate scope, authenticate, issue and check API tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.gazetteer import governorate_for
from core.inputs import InputError
from core.models import ApiToken, StaffUser, utcnow
from core.models.people import STAFF_ROLES
from core.security import generate_token, hash_password, hash_token, password_needs_rehash, verify_password

MIN_PASSWORD_LENGTH = 8


def create_staff(
    session: Session,
    *,
    username: str,
    role: str,
    password: str,
    governorates: Iterable[str] = (),
    full_name: str | None = None,
) -> StaffUser:
    """Create a staff user; reviewers and coordinators need governorates (P-code, ISO code or name).

    Admins see every governorate, so any given for an admin are ignored.
    """
    username = username.strip()
    if not username:
        raise InputError("username is empty")
    if role not in STAFF_ROLES:
        raise InputError(f"unknown role {role!r} (choose from {', '.join(STAFF_ROLES)})")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password is too short (at least {MIN_PASSWORD_LENGTH} characters)")
    if session.scalar(select(StaffUser.id).where(StaffUser.username == username)) is not None:
        raise InputError(f"user {username!r} already exists")
    areas = [] if role == "admin" else [governorate_for(session, g) for g in governorates]
    if role != "admin" and not areas:
        raise InputError(f"a {role} needs at least one governorate")
    user = StaffUser(
        username=username,
        role=role,
        full_name=full_name,
        password_hash=hash_password(password),
        governorates=list({a.id: a for a in areas}.values()),
    )
    session.add(user)
    session.flush()
    return user


def get_staff(session: Session, username: str) -> StaffUser:
    """Return a staff user by username; raise InputError when there is none."""
    user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
    if user is None:
        raise InputError(f"no user {username!r}")
    return user


def authenticate(session: Session, *, username: str, password: str) -> StaffUser | None:
    """Return the active user with this username and password, or None."""
    user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        return None
    if password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def issue_token(session: Session, *, staff: StaffUser, name: str = "cli") -> str:
    """Create an API token for a user and return it; only its hash is stored, so show it once."""
    new = generate_token()
    session.add(ApiToken(staff_id=staff.id, name=name, token_hash=new.token_hash, prefix=new.prefix))
    session.flush()
    return new.token


def staff_for_token(session: Session, token: str, *, now: datetime | None = None) -> StaffUser | None:
    """Return the active user owning a valid (unrevoked) token, recording its use; else None."""
    # Lookup by hash is safe without a constant-time compare: the hash of a guess reveals nothing useful.
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.staff.is_active:
        return None
    row.last_used_at = now or utcnow()
    return row.staff


def governorate_ids(staff: StaffUser) -> set[int] | None:
    """The ids of the governorates a user may see, or None for all (admins)."""
    if staff.role == "admin":
        return None
    return {a.id for a in staff.governorates}
