"""Gazetteer models: administrative areas (governorate, district, sub-district) and locations."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base


class AdminArea(Base):
    """An administrative area with its OCHA P-code (level 1 governorate, 2 district, 3 sub-district)."""

    __tablename__ = "admin_areas"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pcode: Mapped[str] = mapped_column(String(20), unique=True)
    level: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("admin_areas.id"), index=True)
    iso_code: Mapped[str | None] = mapped_column(String(10), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str | None] = mapped_column(String(120))
    name_ckb: Mapped[str | None] = mapped_column(String(120))
    aliases: Mapped[list] = mapped_column(default=list)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    # GeoJSON geometry (governorates only; no district polygons are available offline).
    geometry: Mapped[dict | None]

    parent: Mapped[AdminArea | None] = relationship(remote_side=[id])


class Location(Base):
    """A village or neighbourhood identified by its numeric DTM Place ID."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(unique=True)
    name_en: Mapped[str] = mapped_column(String(160))
    name_ar: Mapped[str | None] = mapped_column(String(160))
    name_ckb: Mapped[str | None] = mapped_column(String(160))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    admin_area_id: Mapped[int] = mapped_column(ForeignKey("admin_areas.id"), index=True)
    # True for the demo data set, which must never be mistaken for real places.
    is_synthetic: Mapped[bool] = mapped_column(default=False)

    admin_area: Mapped[AdminArea] = relationship()
    aliases: Mapped[list[LocationAlias]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )


class LocationAlias(Base):
    """Another name a location is known by, used when matching what a KI typed."""

    __tablename__ = "location_aliases"
    __table_args__ = (
        UniqueConstraint("location_id", "alias"),
        Index("ix_location_aliases_alias", "alias"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(160))
    lang: Mapped[str | None] = mapped_column(String(5))

    location: Mapped[Location] = relationship(back_populates="aliases")
