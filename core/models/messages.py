"""Messages and conversations: what came in, what goes out, and where each sender is in the flow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base, utcnow

INBOUND_STATUSES = ("received", "processed", "failed")
OUTBOUND_STATUSES = ("queued", "sending", "sent", "delivered", "undelivered", "failed", "suppressed")


class InboundMessage(Base):
    """One message received from a provider, stored before the provider is acknowledged."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        Index("ix_inbound_messages_urn_status_id", "urn", "status", "id"),
        Index("ix_inbound_messages_status_received_at", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(80))
    urn: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="received")
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    ki_id: Mapped[int | None] = mapped_column(ForeignKey("key_informants.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]


class OutboundMessage(Base):
    """One message to send to a URN, sent by a job through the channel's adapter."""

    __tablename__ = "outbound_messages"
    __table_args__ = (Index("ix_outbound_messages_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    urn: Mapped[str] = mapped_column(String(80), index=True)
    text: Mapped[str] = mapped_column(Text)
    choices: Mapped[list] = mapped_column(default=list)
    ki_id: Mapped[int | None] = mapped_column(ForeignKey("key_informants.id"), index=True)
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    provider_id: Mapped[str | None] = mapped_column(String(80), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    segments: Mapped[int | None]
    encoding: Mapped[str | None] = mapped_column(String(10))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Conversation(Base):
    """A sender's place in the reporting flow; its row is also the per-sender lock for the worker."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(80), unique=True)
    ki_id: Mapped[int | None] = mapped_column(ForeignKey("key_informants.id"), index=True)
    state: Mapped[dict] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
