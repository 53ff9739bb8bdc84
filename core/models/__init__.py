"""The domain schema (DESIGN §4): every ORM model, importable from one place."""

from core.models.base import Base, utcnow
from core.models.gazetteer import AdminArea, Location, LocationAlias
from core.models.messages import Conversation, InboundMessage, OutboundMessage
from core.models.people import (
    ApiToken,
    KeyInformant,
    KIUrn,
    RegistrationRequest,
    StaffUser,
    ki_locations,
    staff_governorates,
)
from core.models.reports import (
    MasterListEntry,
    Report,
    ReportMessage,
    ReportNeed,
    ReportOrigin,
    ReportShelter,
    ReviewAction,
    Round,
)

__all__ = [
    "AdminArea",
    "ApiToken",
    "Base",
    "Conversation",
    "InboundMessage",
    "KIUrn",
    "KeyInformant",
    "Location",
    "LocationAlias",
    "MasterListEntry",
    "OutboundMessage",
    "RegistrationRequest",
    "Report",
    "ReportMessage",
    "ReportNeed",
    "ReportOrigin",
    "ReportShelter",
    "ReviewAction",
    "Round",
    "StaffUser",
    "ki_locations",
    "staff_governorates",
    "utcnow",
]
