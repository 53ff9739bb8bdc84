"""SMS channels: Twilio's REST API (with a host override for simulators) and a logging one for dev mode."""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

import requests
from redis import Redis
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from sms_gateway.ratelimit import SlotLimiter
from workflows.channel import (
    PermanentChannelError,
    RecipientOptedOut,
    SendResult,
    TemporaryChannelError,
)
from workflows.sms_segments import count_segments

log = logging.getLogger(__name__)

# Twilio error codes that say something about the recipient rather than the request.
_CODE_ERRORS: dict[int, type[Exception]] = {
    21610: RecipientOptedOut,  # the number replied STOP to this sender
    20429: TemporaryChannelError,  # too many requests
    30001: TemporaryChannelError,  # queue overflow
}


def _status_error(status: int) -> type[Exception]:
    """Map an HTTP status to our error class: 429 and 5xx retry, other 4xx never will."""
    if status == 429 or status >= 500:
        return TemporaryChannelError
    return PermanentChannelError


def urn_to_number(urn: str) -> str:
    """Return the E.164 number of a `tel:` URN."""
    scheme, _, path = urn.partition(":")
    if scheme != "tel" or not path:
        raise PermanentChannelError(f"not an SMS recipient: {urn!r}")
    return path


class HostOverrideHttpClient(TwilioHttpClient):
    """Twilio's HTTP client, sending every request to `api_url` instead of *.twilio.com when set."""

    def __init__(self, api_url: str | None = None, timeout: float = 15.0, **kwargs):
        super().__init__(timeout=timeout, **kwargs)
        self._override = urlsplit(api_url.rstrip("/")) if api_url else None

    def request(self, method, url, params=None, data=None, headers=None, auth=None, timeout=None, **kw):
        """Rewrite the scheme, host and path prefix, then send as usual."""
        if self._override is not None:
            parts = urlsplit(url)
            url = urlunsplit(
                (
                    self._override.scheme,
                    self._override.netloc,
                    self._override.path + parts.path,
                    parts.query,
                    "",
                )
            )
        return super().request(method, url, params, data, headers, auth, timeout, **kw)


class TwilioSmsChannel:
    """Sends SMS through Twilio's Messages API, spaced per sender number through a shared Redis limiter."""

    name = "sms"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        redis: Redis | None = None,
        rate_per_second: float = 1.0,
        api_url: str | None = None,
        status_callback: str | None = None,
        timeout: float = 15.0,
    ):
        self._client = Client(
            account_sid, auth_token, http_client=HostOverrideHttpClient(api_url, timeout=timeout)
        )
        self._from = from_number
        self._status_callback = status_callback
        self._limiter = SlotLimiter(redis, rate_per_second=rate_per_second) if redis is not None else None

    def send(self, urn: str, text: str, choices: Sequence[str] = ()) -> SendResult:
        """Send one SMS; raise Temporary/Permanent/RecipientOptedOut errors as Twilio answers."""
        to = urn_to_number(urn)
        # The engine already writes numbered options into an SMS reply's text (workflows.engine.turn),
        # so `choices` are not rendered again here.
        body = text
        segments, encoding = count_segments(body)
        if self._limiter is not None:
            self._limiter.acquire(self._from)
        extra = {"status_callback": self._status_callback} if self._status_callback else {}
        try:
            message = self._client.messages.create(to=to, from_=self._from, body=body, **extra)
        except TwilioRestException as exc:
            raise self._translate(exc.status, exc.code, exc.msg) from exc
        except requests.RequestException as exc:  # connection refused, timeout: the provider may be back soon
            raise TemporaryChannelError(f"twilio unreachable: {exc}") from exc
        except TwilioException as exc:  # e.g. RFC 9457 service errors
            status = int(getattr(exc, "status", 500) or 500)
            raise self._translate(status, getattr(exc, "code", None), str(exc)) from exc
        return SendResult(provider_id=message.sid, segments=segments, encoding=encoding)

    @staticmethod
    def _translate(status: int, code: int | None, msg: str) -> Exception:
        """Turn a Twilio error into our channel error, by code first, then by HTTP status."""
        cls = _CODE_ERRORS.get(code or 0) or _status_error(status)
        return cls(f"twilio {status} (code {code}): {msg}")


class LoggingSmsChannel:
    """Dev-mode SMS channel: logs the message and records it as sent, so trials need no Twilio account."""

    name = "sms"

    def __init__(self) -> None:
        self.sent: deque[tuple[str, str]] = deque(maxlen=500)  # the latest few, for tests and the console

    def send(self, urn: str, text: str, choices: Sequence[str] = ()) -> SendResult:
        """Log the message and return a fake provider id."""
        urn_to_number(urn)
        body = text  # options are already numbered in the text (see TwilioSmsChannel.send)
        segments, encoding = count_segments(body)
        self.sent.append((urn, body))
        log.info("dev SMS to %s (%d %s segment(s)): %s", urn, segments, encoding, body)
        return SendResult(provider_id=f"dev-{uuid.uuid4().hex}", segments=segments, encoding=encoding)
