"""Twilio webhooks: signed inbound SMS and delivery reports in, plus a signed read-back for the simulator.

The adapter only translates: it checks `X-Twilio-Signature`, maps form fields to a call of a workflows
service and answers at once. No report is parsed in the request (DESIGN §3.1).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool

from sms_gateway.signature import TwilioSignature
from workflows import inbox, outbox
from workflows.inbox import Delivered
from workflows.ingest import InboundCollector

log = logging.getLogger(__name__)

CHANNEL = "sms"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
MAX_ID_LENGTH = 64  # Twilio's ids are 34 characters, E.164 numbers at most 16; the columns hold 80

# Twilio MessageStatus -> our outbound status. None: provider-internal progress we do not record
# (we mark a row `sent` ourselves when the API accepts it; a late "queued" must never move it back).
TWILIO_STATUS: dict[str, str | None] = {
    "accepted": None,
    "scheduled": None,
    "queued": None,
    "sending": None,
    "sent": "sent",
    "delivered": "delivered",
    "read": "delivered",
    "undelivered": "undelivered",
    "failed": "failed",
    "canceled": "failed",
}


def _first(params: dict[str, list[str]], name: str) -> str:
    """Return the first value of a form field, or an empty string."""
    values = params.get(name) or [""]
    return values[0].strip()


def build_router(*, auth_token: str, public_url: str, collector: InboundCollector | None = None) -> APIRouter:
    """Return the Twilio routes, signed with `auth_token` against `public_url` (DTM_PUBLIC_URL).

    `collector` stores the inbound messages (default: the database and queue of the installed runtime).
    """
    signature = TwilioSignature(auth_token, public_url)
    collector = collector or InboundCollector()
    router = APIRouter(prefix="/sms/twilio", tags=["sms"])

    @router.post("", include_in_schema=True, summary="Twilio inbound SMS webhook")
    async def inbound_sms(request: Request) -> Response:
        """Store the message (idempotent on MessageSid), queue it, and answer empty TwiML."""
        params = await signature.check(request)
        sid, sender = _first(params, "MessageSid"), _first(params, "From")
        if not sid or not sender:
            raise HTTPException(400, "MessageSid and From are required")
        if len(sid) > MAX_ID_LENGTH or len(sender) > MAX_ID_LENGTH:
            raise HTTPException(400, f"MessageSid and From must be at most {MAX_ID_LENGTH} characters")
        payload = {k: v[0] if len(v) == 1 else v for k, v in params.items()}
        # Answered only once the message is committed (with those of concurrent requests).
        await collector.accept(Delivered(CHANNEL, sid, f"tel:{sender}", _first(params, "Body"), payload))
        return Response(EMPTY_TWIML, media_type="text/xml")

    @router.post("/status", summary="Twilio delivery status callback")
    async def delivery_status(request: Request) -> Response:
        """Move the outbound row named by MessageSid to the reported status."""
        params = await signature.check(request)
        sid, twilio_status = _first(params, "MessageSid"), _first(params, "MessageStatus").lower()
        if not sid or not twilio_status:
            raise HTTPException(400, "MessageSid and MessageStatus are required")
        ours = TWILIO_STATUS.get(twilio_status)
        if ours is not None:
            code = _first(params, "ErrorCode")
            error = f"twilio error {code}" if code and code != "0" else None
            await run_in_threadpool(outbox.apply_delivery_report, provider_id=sid, status=ours, error=error)
        return Response(status_code=204)

    @router.get("/replies", summary="Replies to one inbound SMS (for `dtm simulate`)")
    async def replies(request: Request, MessageSid: str) -> dict:  # noqa: N803 - Twilio's field name
        """Return the processing status of an inbound SMS and the replies written for it.

        Safe to expose: the request must carry a valid X-Twilio-Signature over the full URL, which only
        holders of the auth token can compute, and the same token already lets them send as any KI.
        """
        await signature.check(request)
        outcome = await run_in_threadpool(inbox.lookup_outcome, channel=CHANNEL, external_id=MessageSid)
        if not outcome.found:
            raise HTTPException(404, "no such message")
        return {
            "message_sid": MessageSid,
            "status": outcome.status,
            "error": outcome.error,
            "replies": list(outcome.replies),
        }

    return router
