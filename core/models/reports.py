"""Rounds, Stage I plus reports with their breakdowns, the review audit trail and the master list."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, utcnow
from core.models.gazetteer import AdminArea, Location
from core.models.people import KeyInformant, StaffUser

REPORT_STATUSES = ("pending", "confirmed", "flagged", "rejected", "superseded")
SHELTER_TYPES = (
    "camp",
    "host_families",
    "rented",
    "hotel",
    "informal_settlement",
    "religious_building",
    "school_building",
    "unfinished_building",
    "other_collective",
    "other",
    "unknown",
)
NEEDS = (
    "food",
    "drinking_water",
    "shelter",
    "nfi",
    "health",
    "sanitation",
    "education",
    "livelihoods",
    "legal",
    "psychosocial",
    "protection",
    "cash",
)
ACCESS_LEVELS = ("yes", "partly", "no")


class Round(Base):
    """A data-collection round; reports are filed in the round open when they arrive."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class Report(Base):
    """What one KI reported for one location in one round; corrections supersede earlier reports."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("families >= 0", name="families_not_negative"),
        CheckConstraint("individuals >= 0", name="individuals_not_negative"),
        Index("ix_reports_location_round", "location_id", "round_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    ki_id: Mapped[int] = mapped_column(ForeignKey("key_informants.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    families: Mapped[int]
    individuals: Mapped[int]
    individuals_estimated: Mapped[bool] = mapped_column(default=False)
    access_water: Mapped[str | None] = mapped_column(String(10))
    access_health: Mapped[str | None] = mapped_column(String(10))
    access_education: Mapped[str | None] = mapped_column(String(10))
    assistance_received: Mapped[bool | None]
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    flags: Mapped[list] = mapped_column(default=list)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    location: Mapped[Location] = relationship()
    round: Mapped[Round] = relationship()
    ki: Mapped[KeyInformant] = relationship()
    supersedes: Mapped[Report | None] = relationship(remote_side=[id])
    origins: Mapped[list[ReportOrigin]] = relationship(cascade="all, delete-orphan")
    shelters: Mapped[list[ReportShelter]] = relationship(cascade="all, delete-orphan")
    needs: Mapped[list[ReportNeed]] = relationship(cascade="all, delete-orphan", order_by="ReportNeed.rank")


class ReportOrigin(Base):
    """Families in a report by governorate of origin."""

    __tablename__ = "report_origins"
    __table_args__ = (UniqueConstraint("report_id", "governorate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    governorate_id: Mapped[int] = mapped_column(ForeignKey("admin_areas.id"))
    families: Mapped[int]

    governorate: Mapped[AdminArea] = relationship()


class ReportShelter(Base):
    """Families in a report by shelter type."""

    __tablename__ = "report_shelters"
    __table_args__ = (UniqueConstraint("report_id", "shelter_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    shelter_type: Mapped[str] = mapped_column(String(30))
    families: Mapped[int]


class ReportNeed(Base):
    """A ranked priority need (rank 1–3) of a report."""

    __tablename__ = "report_needs"
    __table_args__ = (
        UniqueConstraint("report_id", "rank"),
        CheckConstraint("rank BETWEEN 1 AND 3", name="rank_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    rank: Mapped[int]
    need: Mapped[str] = mapped_column(String(30))


class ReportMessage(Base):
    """Links a report to the inbound messages it was built from (provenance down to the raw text)."""

    __tablename__ = "report_messages"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("inbound_messages.id"), primary_key=True)


class ReviewAction(Base):
    """An audited reviewer action on a report, with the values before and after."""

    __tablename__ = "review_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict] = mapped_column(default=dict)
    after: Mapped[dict] = mapped_column(default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[StaffUser] = relationship()


class MasterListEntry(Base):
    """The validated figures of one location in one round, with the report they came from."""

    __tablename__ = "masterlist_entries"
    __table_args__ = (UniqueConstraint("location_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    families: Mapped[int]
    individuals: Mapped[int]
    individuals_estimated: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    location: Mapped[Location] = relationship()
    report: Mapped[Report] = relationship()
