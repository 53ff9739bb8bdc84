"""The Channel protocol that adapters implement and the errors they raise; workflows never import adapters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SendResult:
    """What a provider said when it accepted a message."""

    provider_id: str
    segments: int | None = None
    encoding: str | None = None


class ChannelError(Exception):
    """Base of the errors a channel raises when a send did not go through."""


class TemporaryChannelError(ChannelError):
    """Try again later (rate limited, provider down); `retry_after` in seconds when the provider said."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentChannelError(ChannelError):
    """Sending this message will never work (bad number, rejected content)."""


class RecipientOptedOut(PermanentChannelError):
    """The provider says the recipient has opted out (Twilio 21610, Telegram bot blocked)."""


class Channel(Protocol):
    """Sends text (with optional choices) to a URN and returns the provider's id."""

    name: str

    def send(self, urn: str, text: str, choices: Sequence[str] = ()) -> SendResult:
        """Send one message; raise a ChannelError subclass when it did not go through."""
        ...
