"""Value types the engine reads (incoming message, context) and the effects it returns to the runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol


@dataclass(frozen=True)
class Incoming:
    """One message from a sender, as the runner hands it to the engine."""

    text: str
    urn: str
    channel: str  # "sms" or "telegram"
    message_id: int | None = None


@dataclass(frozen=True)
class LocationRef:
    """A location as the engine sees it."""

    id: int
    place_id: int
    name_en: str
    name_ar: str | None = None
    name_ckb: str | None = None


@dataclass(frozen=True)
class KIProfile:
    """The registered key informant behind a URN."""

    id: int
    name: str
    language: str  # en | ar | ckb
    status: str  # active | suspended | opted_out
    locations: tuple[LocationRef, ...] = ()


@dataclass(frozen=True)
class RoundRef:
    """The round open now."""

    id: int
    number: int


@dataclass(frozen=True)
class ReportSummary:
    """The KI's latest report, for STATUS."""

    ref: str
    location: LocationRef
    families: int
    individuals: int
    status: str
    round_number: int


@dataclass(frozen=True)
class LocationMatch:
    """A candidate location for what the KI typed, with a 0–100 score."""

    location: LocationRef
    score: float


class LocationIndex(Protocol):
    """Finds locations by Place ID or by name (gazetteer and aliases); built by the runner, read-only."""

    def by_place_id(self, place_id: int) -> LocationRef | None: ...

    def search(
        self, text: str, prefer: tuple[LocationRef, ...] = (), limit: int = 3
    ) -> list[LocationMatch]: ...


@dataclass(frozen=True)
class Context:
    """Read-only facts the engine may use; the runner loads them before calling `step`."""

    ki: KIProfile | None
    round: RoundRef | None
    locations: LocationIndex
    last_report: ReportSummary | None = None
    family_size: int = 6
    session_ttl: timedelta = timedelta(hours=24)
    governorates: tuple[tuple[str, str, str, str], ...] = ()  # (pcode, name_en, name_ar, name_ckb)


@dataclass(frozen=True)
class ReportDraft:
    """A complete report the KI confirmed (or sent in one compact SMS)."""

    location_id: int
    families: int
    individuals: int
    individuals_estimated: bool
    ref: str
    origins: tuple[tuple[str, int], ...] = ()  # (governorate pcode, families)
    shelters: tuple[tuple[str, int], ...] = ()  # (shelter type, families)
    needs: tuple[str, ...] = ()  # ranked, at most 3, codes of core.models.reports.NEEDS
    access_water: str | None = None
    access_health: str | None = None
    access_education: str | None = None
    assistance_received: bool | None = None
    note: str | None = None
    message_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Reply:
    """Send text to the sender; `choices` become buttons on Telegram, numbered lines on SMS."""

    text: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubmitReport:
    """File this report (the runner supersedes the KI's earlier one for the same location and round)."""

    draft: ReportDraft


@dataclass(frozen=True)
class SetLanguage:
    """Store the KI's language choice."""

    language: str


@dataclass(frozen=True)
class OptOut:
    """The sender asked to stop receiving messages."""


@dataclass(frozen=True)
class OptIn:
    """The sender asked to receive messages again."""


@dataclass(frozen=True)
class RequestRegistration:
    """An unregistered sender wrote in; put them in the staff registration queue."""

    text: str


Effect = Reply | SubmitReport | SetLanguage | OptOut | OptIn | RequestRegistration


@dataclass
class StepResult:
    """Convenience holder used inside the engine."""

    state: dict
    effects: list[Effect] = field(default_factory=list)
