"""Twilio request signatures (X-Twilio-Signature): check them on webhooks, compute them for the simulator."""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from twilio.request_validator import RequestValidator, add_port, remove_port

HEADER = "X-Twilio-Signature"


class _Params(dict):
    """Form params as lists of values, in the multi-dict shape Twilio's validator understands."""

    def getlist(self, name: str) -> list[str]:
        """Return every value of a field."""
        return self[name]


def sign(auth_token: str, url: str, params: Mapping[str, str | Sequence[str]] | None = None) -> str:
    """Return the signature Twilio would send for a request to `url` with form `params`."""
    as_lists = {k: [v] if isinstance(v, str) else list(v) for k, v in (params or {}).items()}
    return RequestValidator(auth_token).compute_signature(url, _Params(as_lists))


class TwilioSignature:
    """Checks X-Twilio-Signature: HMAC-SHA1 over public URL + path (+ query) + sorted form params."""

    def __init__(self, auth_token: str, public_url: str):
        self._validator = RequestValidator(auth_token)
        self._base = public_url.rstrip("/")

    def url_for(self, request: Request) -> str:
        """Return the URL Twilio signed: the public one, not the one a proxy forwarded to us."""
        query = request.url.query
        return self._base + request.url.path + (f"?{query}" if query else "")

    def valid(self, url: str, params: dict[str, list[str]], signature: str) -> bool:
        """Compare in constant time, with and without the default port (Twilio signs either)."""
        parsed = urlsplit(url)
        # The URL as configured first: the other form is only for a default port written out or left out.
        for candidate in dict.fromkeys((url, remove_port(parsed), add_port(parsed))):
            expected = self._validator.compute_signature(candidate, _Params(params))
            if hmac.compare_digest(expected.encode(), signature.encode()):
                return True
        return False

    async def check(self, request: Request) -> dict[str, list[str]]:
        """Return the form params of a correctly signed request, or raise 403 with the reason."""
        signature = request.headers.get(HEADER)
        if not signature:
            raise HTTPException(403, "missing X-Twilio-Signature")
        params: dict[str, list[str]] = {}
        if request.method == "POST":
            form = await request.form()
            for key, value in form.multi_items():
                params.setdefault(key, []).append(value if isinstance(value, str) else "")
        if not self.valid(self.url_for(request), params, signature):
            raise HTTPException(403, "invalid X-Twilio-Signature (check DTM_PUBLIC_URL and the auth token)")
        return params
