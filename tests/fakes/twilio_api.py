"""A local HTTP server speaking the slice of Twilio's REST API we use (Messages.json), with failures on demand.

with FakeTwilio() as api:
    channel = TwilioSmsChannel(..., api_url=api.url)
    api.fail_next(429)                  # the next request gets HTTP 429
    api.fail_next(400, code=21610)      # then Twilio's "recipient opted out"
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC[0-9a-f]+)/Messages\.json$")
ERROR_TEXT = {
    21610: "Attempt to send to unsubscribed recipient",
    20429: "Too Many Requests",
    21211: "The 'To' number is not a valid phone number.",
}


@dataclass
class SentMessage:
    """One message the fake accepted."""

    sid: str
    account_sid: str
    to: str
    from_: str
    body: str
    status_callback: str | None
    at: float = field(default_factory=time.monotonic)


class FakeTwilio:
    """A threaded HTTP server on 127.0.0.1 accepting Twilio Messages API calls."""

    def __init__(self, *, account_sid: str = "AC" + "0" * 32, auth_token: str = "test-token"):  # noqa: S107 - a fake
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages: list[SentMessage] = []
        self.requests = 0
        self._failures: deque[tuple[int, int | None, dict]] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to give the channel as `api_url`."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, status: int, *, code: int | None = None, times: int = 1, headers: dict | None = None):
        """Answer the next `times` requests with an error (Twilio's JSON error body)."""
        with self._lock:
            for _ in range(times):
                self._failures.append((status, code, headers or {}))

    def __enter__(self) -> FakeTwilio:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, path: str, auth: str | None, form: dict[str, list[str]]) -> tuple[int, dict, dict]:
        """Return (status, JSON body, headers) for one request."""
        with self._lock:
            self.requests += 1
            match = _MESSAGES.match(path)
            if match is None:
                return 404, {"code": 20404, "message": "not found", "status": 404}, {}
            expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
            if match["sid"] != self.account_sid or auth != f"Basic {expected}":
                return 401, {"code": 20003, "message": "Authenticate", "status": 401}, {}
            if self._failures:
                status, code, headers = self._failures.popleft()
                code = code or (20429 if status == 429 else 20500)
                message = ERROR_TEXT.get(code, "Internal Server Error")
                return status, {"code": code, "message": message, "status": status}, headers
            msg = SentMessage(
                sid="SM" + uuid.uuid4().hex,
                account_sid=self.account_sid,
                to=form.get("To", [""])[0],
                from_=form.get("From", [""])[0],
                body=form.get("Body", [""])[0],
                status_callback=form.get("StatusCallback", [None])[0],
            )
            self.messages.append(msg)
        return 201, self._resource(msg), {}

    @staticmethod
    def _resource(msg: SentMessage) -> dict:
        """Return the message resource as Twilio's API shapes it."""
        return {
            "sid": msg.sid,
            "account_sid": msg.account_sid,
            "to": msg.to,
            "from": msg.from_,
            "body": msg.body,
            "status": "queued",
            "num_segments": "1",
            "num_media": "0",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "date_created": time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()),
            "uri": f"/2010-04-01/Accounts/{msg.account_sid}/Messages/{msg.sid}.json",
        }

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
                status, body, headers = fake._answer(self.path, self.headers.get("Authorization"), form)
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for name, value in headers.items():
                    self.send_header(name, str(value))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):  # keep test output quiet
                pass

        return Handler
