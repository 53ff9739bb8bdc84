"""People: key informants with their URNs and locations, staff users, API tokens, registration requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, utcnow
from core.models.gazetteer import AdminArea, Location

ki_locations = Table(
    "ki_locations",
    Base.metadata,
    Column("ki_id", ForeignKey("key_informants.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True),
)

staff_governorates = Table(
    "staff_governorates",
    Base.metadata,
    Column("staff_id", ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
    Column("admin_area_id", ForeignKey("admin_areas.id", ondelete="CASCADE"), primary_key=True),
)

KI_STATUSES = ("active", "suspended", "opted_out")
LANGUAGES = ("en", "ar", "ckb")
STAFF_ROLES = ("reviewer", "coordinator", "admin")


class KeyInformant(Base):
    """A community key informant who reports for one or more locations."""

    __tablename__ = "key_informants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    role: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(5), default="ar")
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    urns: Mapped[list[KIUrn]] = relationship(back_populates="ki", cascade="all, delete-orphan")
    locations: Mapped[list[Location]] = relationship(secondary=ki_locations, order_by="Location.place_id")


class KIUrn(Base):
    """A way to reach a KI: `tel:+9647701234567` or `telegram:123456789`."""

    __tablename__ = "ki_urns"

    id: Mapped[int] = mapped_column(primary_key=True)
    ki_id: Mapped[int] = mapped_column(ForeignKey("key_informants.id", ondelete="CASCADE"), index=True)
    urn: Mapped[str] = mapped_column(String(80), unique=True)

    ki: Mapped[KeyInformant] = relationship(back_populates="urns")


class RegistrationRequest(Base):
    """An unregistered sender who wrote in; staff decide whether to register them."""

    __tablename__ = "registration_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(80), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    first_text: Mapped[str | None] = mapped_column(Text)
    message_count: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffUser(Base):
    """An IOM staff member using the review desk, scoped to governorates (admins see all)."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(160))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    governorates: Mapped[list[AdminArea]] = relationship(secondary=staff_governorates)
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="staff", cascade="all, delete-orphan")


class ApiToken(Base):
    """A bearer token for the JSON API; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    staff: Mapped[StaffUser] = relationship(back_populates="tokens")
