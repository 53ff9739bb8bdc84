"""Every KI-facing text of the reporting flow, looked up in the gettext catalogs of the KI's language.

Texts are short on purpose: Arabic and Sorani go out as UCS-2 SMS (70 characters a segment). Numbered
options are rendered as `1 Label` lines; see `flow` for how SMS and Telegram use them.
"""

from __future__ import annotations

from collections.abc import Iterable

from workflows.engine.types import LocationRef
from workflows.i18n import N_, translator

SHELTER_LABELS = {
    "camp": N_("Camp"),
    "host_families": N_("Host families"),
    "rented": N_("Rented housing"),
    "hotel": N_("Hotel/motel"),
    "informal_settlement": N_("Informal settlement"),
    "religious_building": N_("Religious building"),
    "school_building": N_("School building"),
    "unfinished_building": N_("Unfinished building"),
    "other_collective": N_("Other collective centre"),
    "other": N_("Other"),
    "unknown": N_("Unknown"),
}
NEED_LABELS = {
    "food": N_("Food"),
    "drinking_water": N_("Drinking water"),
    "shelter": N_("Shelter"),
    "nfi": N_("Non-food items"),
    "health": N_("Health care"),
    "sanitation": N_("Sanitation"),
    "education": N_("Education"),
    "livelihoods": N_("Livelihoods"),
    "legal": N_("Documents"),
    "psychosocial": N_("Psychosocial"),
    "protection": N_("Protection"),
    "cash": N_("Cash"),
}
ACCESS_LABELS = {"yes": N_("yes"), "partly": N_("partly"), "no": N_("no")}
STATUS_LABELS = {
    "pending": N_("waiting for review"),
    "confirmed": N_("confirmed"),
    "flagged": N_("IOM has a question"),
    "rejected": N_("rejected"),
    "superseded": N_("replaced"),
}
EDIT_FIELDS = (
    ("location", N_("Location")),
    ("families", N_("Families")),
    ("individuals", N_("Individuals")),
    ("origin", N_("Origin")),
    ("shelter", N_("Shelter")),
    ("needs", N_("Needs")),
    ("services", N_("Services")),
    ("assistance", N_("Aid")),
)
CONFIRM_OPTIONS = (N_("Send"), N_("Change"), N_("Cancel"))
YES_NO = (N_("Yes"), N_("No"))

# Compact-grammar and flow refusals: code -> message. Each says what was wrong and shows a correct SMS.
ERRORS = {
    "missing_families": N_("The number of families is missing. Write e.g.: %(example)s"),
    "missing_number": N_("A number is missing after %(detail)s. Write e.g.: %(example)s"),
    "bad_number": N_('"%(detail)s" is not a whole number. Write e.g.: %(example)s'),
    "negative_number": N_("Numbers cannot be negative (%(detail)s). Write e.g.: %(example)s"),
    "too_large": N_("%(detail)s is too large for one location. Check the number."),
    "unknown_need": N_('Need "%(detail)s" is unknown. Needs are numbers 1 to 12, e.g.: %(example)s N 1 2'),
    "too_many_needs": N_("At most 3 needs, most important first. Write e.g.: %(example)s N 1 2 5"),
    "individuals_less_than_families": N_(
        "Individuals cannot be fewer than families. Write e.g.: %(example)s"
    ),
    "unknown_label": N_(
        '"%(detail)s" is not understood. Use F families, I individuals, N needs: %(example)s'
    ),
    "unexpected_number": N_('Extra number "%(detail)s". Write numbers without commas, e.g.: %(example)s'),
    "duplicate_label": N_('"%(detail)s" is there twice. Give each number once, e.g.: %(example)s'),
    "place_required": N_("You report for several locations: put the Place ID first, e.g.: %(example)s"),
    "place_not_number": N_('Write the Place ID as a number, not "%(detail)s", e.g.: %(example)s'),
    "unknown_place": N_("Place ID %(detail)s was not found. Check it and write e.g.: %(example)s"),
}
_LIST_SEPARATORS = {"ar": "، ", "ckb": "، "}
# The example SMS in the KI's language: keyword and labels as taught in that language.
EXAMPLE = N_("DTM %(place)s F 120 I 700")


class Say:
    """The texts of one language; methods return ready-to-send strings."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._ = translator(lang)

    def __call__(self, msgid: str, **values: object) -> str:
        """Translate msgid and fill in its %(name)s placeholders."""
        text = self._(msgid)
        return text % values if values else text

    def join(self, items: Iterable[str]) -> str:
        """Return items as a list with the language's comma (Arabic script uses "،")."""
        return _LIST_SEPARATORS.get(self.lang, ", ").join(items)

    def options(self, labels: list[str]) -> list[str]:
        """Return numbered option lines `1 Label` (labels already translated)."""
        return [f"{n} {label}" for n, label in enumerate(labels, start=1)]

    def place(self, loc: LocationRef | dict) -> str:
        """Return `Name (Place ID)` in the KI's language, falling back to English."""
        get = loc.get if isinstance(loc, dict) else lambda key: getattr(loc, key)
        return f"{self.place_name(loc)} ({get('place_id')})"

    def place_name(self, loc: LocationRef | dict) -> str:
        """Return a location's name in the KI's language, falling back to English."""
        get = loc.get if isinstance(loc, dict) else lambda key: getattr(loc, key)
        name = get(f"name_{self.lang}") if self.lang != "en" else None
        return str(name or get("name_en"))

    def example(self, place_id: int | None) -> str:
        """Return a correct compact SMS for the KI's own place."""
        return self(EXAMPLE, place=place_id or 10234)

    def error(self, code: str, detail: str | None, place_id: int | None) -> str:
        """Return the refusal of a compact report."""
        return self(ERRORS[code], detail=detail or "", example=self.example(place_id))

    def shelter(self, code: str) -> str:
        """Return the label of a shelter type."""
        return self(SHELTER_LABELS[code])

    def need(self, code: str) -> str:
        """Return the label of a need."""
        return self(NEED_LABELS[code])

    def access(self, level: str | None) -> str:
        """Return the label of an access level, or "unknown"."""
        return self(ACCESS_LABELS[level]) if level else self(N_("unknown"))

    def status(self, status: str) -> str:
        """Return the review state of a report in words."""
        return self(STATUS_LABELS.get(status, N_("waiting for review")))

    def individuals(self, count: int, estimated: bool) -> str:
        """Return the individuals figure, marked when it is an estimate."""
        return self(N_("%(count)s (estimated)"), count=count) if estimated else str(count)
