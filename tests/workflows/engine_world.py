"""A small fixed world for engine tests: a gazetteer, governorates, KIs of every kind, open round 7.

`World` replays messages through `step` per sender and applies the effects the way the runner does
(language, opt-out/in, last report), so transcripts read like real conversations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from workflows.engine.flow import step
from workflows.engine.types import (
    Context,
    Effect,
    Incoming,
    KIProfile,
    LocationRef,
    OptIn,
    OptOut,
    ReportSummary,
    RoundRef,
    SetLanguage,
    SubmitReport,
)
from workflows.location_index import GazetteerIndex

ASKARI = LocationRef(1, 10234, "Hay Al-Askari", "حي العسكري", "گەڕەکی عەسکەری")
TAMEEM = LocationRef(2, 10235, "Hay Al-Tameem", "حي التأميم", "گەڕەکی تەئمیم")
DARASHAKRAN = LocationRef(3, 20511, "Darashakran", "دار شكران", "دارەشەکران")
AINKAWA = LocationRef(4, 20987, "Ainkawa", "عنكاوة", "عەنکاوە")
QAYYARAH = LocationRef(5, 30001, "Al-Qayyarah", "القيارة", "قەیارە")
LOCATIONS = [
    (ASKARI, ["Askari", "العسكري"]),
    (TAMEEM, ["Tameem"]),
    (DARASHAKRAN, ["Darashakran camp", "مخيم دار شكران"]),
    (AINKAWA, ["Ankawa"]),
    (QAYYARAH, ["Qayyara"]),
]
GOVERNORATES = (
    ("IQG01", "Anbar", "الأنبار", "ئەنبار"),
    ("IQG02", "Basrah", "البصرة", "بەسرە"),
    ("IQG03", "Muthanna", "المثنى", "موسەننا"),
    ("IQG04", "Najaf", "النجف", "نەجەف"),
    ("IQG05", "Qadissiya", "القادسية", "قادسیە"),
    ("IQG06", "Sulaymaniyah", "السليمانية", "سلێمانی"),
    ("IQG07", "Babylon", "بابل", "بابل"),
    ("IQG08", "Baghdad", "بغداد", "بەغدا"),
    ("IQG09", "Dahuk", "دهوك", "دهۆک"),
    ("IQG10", "Diyala", "ديالى", "دیالە"),
    ("IQG11", "Erbil", "أربيل", "هەولێر"),
    ("IQG12", "Kerbala", "كربلاء", "کەربەلا"),
    ("IQG13", "Kirkuk", "كركوك", "کەرکووک"),
    ("IQG14", "Missan", "ميسان", "مەیسان"),
    ("IQG15", "Ninewa", "نينوى", "نەینەوا"),
    ("IQG16", "Salah al-Din", "صلاح الدين", "سەلاحەددین"),
    ("IQG17", "Thi-Qar", "ذي قار", "زیقار"),
    ("IQG18", "Wassit", "واسط", "واست"),
)
INDEX = GazetteerIndex(LOCATIONS)
ROUND = RoundRef(id=7, number=7)
START = datetime(2024, 5, 1, 9, 0)

# Senders: URN -> profile. Ahmed covers one place (Arabic), Karwan two (Sorani), Sarah three (English).
KIS = {
    "tel:+9647701111111": KIProfile(1, "Ahmed", "ar", "active", (ASKARI,)),
    "tel:+9647502222222": KIProfile(2, "Karwan", "ckb", "active", (DARASHAKRAN, AINKAWA)),
    "telegram:5550001": KIProfile(3, "Sarah", "en", "active", (ASKARI, TAMEEM, QAYYARAH)),
    "tel:+9647703333333": KIProfile(4, "Salim", "en", "active", (QAYYARAH,)),
    "tel:+9647704444444": KIProfile(5, "Hassan", "ar", "suspended", (TAMEEM,)),
    "tel:+9647705555555": KIProfile(6, "Layla", "ar", "opted_out", (TAMEEM,)),
}
NAMES = {loc.id: loc for loc, _ in LOCATIONS}


def channel_of(urn: str) -> str:
    """Return the channel of a URN."""
    return "telegram" if urn.startswith("telegram:") else "sms"


@dataclass
class World:
    """Conversation states, KI profiles and the clock of one scenario."""

    now: datetime = START
    round: RoundRef | None = ROUND
    kis: dict[str, KIProfile] = field(default_factory=lambda: dict(KIS))
    states: dict[str, dict] = field(default_factory=dict)
    last: dict[str, ReportSummary] = field(default_factory=dict)
    next_id: int = 1000

    def context(self, urn: str) -> Context:
        """Return the Context the runner would load for urn."""
        return Context(
            ki=self.kis.get(urn),
            round=self.round,
            locations=INDEX,
            last_report=self.last.get(urn),
            governorates=GOVERNORATES,
        )

    def send(self, urn: str, text: str) -> list[Effect]:
        """Run one message through step, apply its effects, and return them."""
        self.next_id += 1
        incoming = Incoming(text=text, urn=urn, channel=channel_of(urn), message_id=self.next_id)
        state, effects = step(self.states.get(urn, {}), incoming, self.context(urn), self.now)
        self.states[urn] = state
        self._apply(urn, effects)
        return effects

    def wait(self, delta: timedelta) -> None:
        """Advance the frozen clock."""
        self.now += delta

    def _apply(self, urn: str, effects: list[Effect]) -> None:
        ki = self.kis.get(urn)
        for effect in effects:
            if ki and isinstance(effect, SetLanguage):
                ki = self.kis[urn] = replace(ki, language=effect.language)
            elif ki and isinstance(effect, OptOut):
                ki = self.kis[urn] = replace(ki, status="opted_out")
            elif ki and isinstance(effect, OptIn):
                ki = self.kis[urn] = replace(ki, status="active")
            elif isinstance(effect, SubmitReport):
                d = effect.draft
                loc = NAMES[d.location_id]
                self.last[urn] = ReportSummary(
                    d.ref, loc, d.families, d.individuals, "pending", self.round.number
                )
