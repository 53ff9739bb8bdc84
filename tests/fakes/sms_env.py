"""An SMS test bench: the Twilio routes on a FastAPI app, a fake Twilio API, and helpers to text as a KI."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from core.models import OutboundMessage
from fakes.twilio_api import FakeTwilio
from sms_gateway.channel import TwilioSmsChannel
from sms_gateway.signature import sign
from sms_gateway.webhook import build_router

TOKEN = "e2e-auth-token"
PUBLIC = "https://dtm.example.org"
SHORTCODE = "+9647800000000"


@pytest.fixture
def twilio_api():
    """A running fake of Twilio's REST API using our auth token."""
    with FakeTwilio(auth_token=TOKEN) as fake:
        yield fake


@pytest.fixture
def sms_client(rt, twilio_api):
    """A client of an app serving the Twilio routes, with the real Twilio channel pointed at the fake."""
    rt.channels["sms"] = TwilioSmsChannel(
        account_sid=twilio_api.account_sid,
        auth_token=TOKEN,
        from_number=SHORTCODE,
        api_url=twilio_api.url,
        redis=rt.redis,
        rate_per_second=rt.sms_rate_per_second,
        status_callback=PUBLIC + "/sms/twilio/status",
    )
    app = FastAPI()
    app.include_router(build_router(auth_token=TOKEN, public_url=PUBLIC))
    with TestClient(app) as client:
        yield client


def new_sid() -> str:
    """Return a fresh Twilio message sid."""
    return "SM" + uuid.uuid4().hex


def text_in(client, text: str, *, sender: str = "+9647701234567", sid: str | None = None) -> str:
    """Post a signed inbound SMS as Twilio would; return its MessageSid."""
    sid = sid or new_sid()
    form = {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": SHORTCODE,
        "Body": text,
        "NumMedia": "0",
        "NumSegments": "1",
        "ApiVersion": "2010-04-01",
    }
    resp = client.post(
        "/sms/twilio", data=form, headers={"X-Twilio-Signature": sign(TOKEN, PUBLIC + "/sms/twilio", form)}
    )
    assert resp.status_code == 200, resp.text
    return sid


def replies_for(client, sid: str) -> dict:
    """Read back what became of an inbound SMS through the signed replies endpoint."""
    path = f"/sms/twilio/replies?MessageSid={sid}"
    resp = client.get(path, headers={"X-Twilio-Signature": sign(TOKEN, PUBLIC + path)})
    assert resp.status_code == 200, resp.text
    return resp.json()


def outbound_rows(rt, urn: str = "tel:+9647701234567") -> list[OutboundMessage]:
    """Return the outbound rows to a URN, oldest first."""
    with rt.session_factory() as session:
        return list(
            session.scalars(
                select(OutboundMessage).where(OutboundMessage.urn == urn).order_by(OutboundMessage.id)
            )
        )
