"""What one call of `step` works with: state, context, the message, the clock and the KI's language.

Also the one rule for options, used by every question:

* `Reply.choices` holds the numbered options as `1 Label` on **both** channels.
* On SMS the same lines are also in `Reply.text` (an SMS adapter must not render choices again); on
  Telegram the text leaves them out because the adapter shows `choices` as reply-keyboard buttons, which
  send their label back as text and the answer readers take its leading number.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime

from workflows.engine.messages import Say
from workflows.engine.types import Context, Incoming, KIProfile, LocationRef, Reply

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def crockford(number: int) -> str:
    """Return number in Crockford base32 (no I, L, O, U: easy to read back over the phone)."""
    digits = ""
    while True:
        number, rest = divmod(number, 32)
        digits = _CROCKFORD[rest] + digits
        if not number:
            return digits


def make_ref(incoming: Incoming, now: datetime) -> str:
    """Return the short report reference: 'R' + Crockford base32 of the inbound message id.

    Message ids are unique, so refs are too. Without an id (only in tools) fall back to a checksum of
    sender and time, marked 'T' so it can never collide with a real ref.
    """
    if incoming.message_id is not None and incoming.message_id >= 0:
        return "R" + crockford(incoming.message_id)
    seed = f"{incoming.urn}|{now.isoformat()}".encode()
    return "T" + crockford(zlib.crc32(seed))


def location_dict(loc: LocationRef) -> dict:
    """Return a location as JSON-ready state."""
    return {
        "id": loc.id,
        "place_id": loc.place_id,
        "name_en": loc.name_en,
        "name_ar": loc.name_ar,
        "name_ckb": loc.name_ckb,
    }


def location_ref(data: dict) -> LocationRef:
    """Return the LocationRef stored by `location_dict`."""
    return LocationRef(**data)


@dataclass
class Turn:
    """The inputs of one step; `state` is a private copy that the step may change."""

    state: dict
    ctx: Context
    incoming: Incoming
    now: datetime
    say: Say

    @property
    def ki(self) -> KIProfile:
        """The registered KI (turns exist only for registered senders)."""
        assert self.ctx.ki is not None
        return self.ctx.ki

    @property
    def draft(self) -> dict:
        """The answers of the guided report in progress."""
        return self.state.setdefault("draft", {})

    @property
    def round_number(self) -> int:
        """The open round's number (the flow asks report questions only while a round is open)."""
        assert self.ctx.round is not None
        return self.ctx.round.number

    @property
    def home_place(self) -> int | None:
        """The Place ID used in examples: the KI's first location."""
        return self.ki.locations[0].place_id if self.ki.locations else None

    def reply(self, text: str, options: list[str] | None = None) -> Reply:
        """Return a Reply following the options rule of this module."""
        if not options:
            return Reply(text)
        if self.incoming.channel == "telegram":
            return Reply(text, tuple(options))
        return Reply("\n".join([text, *options]), tuple(options))

    def ref(self) -> str:
        """Return the reference of a report completed by this message."""
        return make_ref(self.incoming, self.now)
