"""The Twilio webhooks: signatures (valid, tampered, proxied, missing), idempotent storage, status callbacks."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from core.models import InboundMessage, OutboundMessage
from fakes.runtime import rt  # noqa: F401 - fixture
from sms_gateway.signature import sign
from sms_gateway.webhook import EMPTY_TWIML, build_router
from workflows.queue import get_queue

TOKEN = "webhook-test-token"
PUBLIC = "https://dtm.example.org"  # what Twilio calls; the test client talks to http://testserver


def twilio_form(
    sid: str = "SM" + "a" * 32, sender: str = "+9647701234567", body: str = "DTM 100001 F 12"
) -> dict:
    """Return the form fields Twilio posts for an inbound SMS."""
    return {
        "ToCountry": "IQ",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "SmsSid": sid,
        "SmsStatus": "received",
        "Body": body,
        "To": "+9647800000000",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


@pytest.fixture
def client(rt):  # noqa: F811 - fixture
    """A test client on an app with only the Twilio routes, its public URL being PUBLIC."""
    app = FastAPI()
    app.include_router(build_router(auth_token=TOKEN, public_url=PUBLIC))
    with TestClient(app) as c:
        yield c


def post_signed(client, form: dict, *, url: str = PUBLIC + "/sms/twilio", token: str = TOKEN, path=None):
    """Post a form signed for `url`."""
    return client.post(
        path or "/sms/twilio", data=form, headers={"X-Twilio-Signature": sign(token, url, form)}
    )


def count(rt, model) -> int:  # noqa: F811
    """Count the rows of a table."""
    with rt.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def queued_jobs(rt, expected: int) -> int:  # noqa: F811
    """Return the inbound jobs, waiting up to 5 s for `expected` (jobs are queued after the answer)."""
    queue = get_queue(rt.redis, "inbound")
    deadline = time.monotonic() + 5
    while queue.count < expected and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)  # and no more than that arrive
    return queue.count


def test_valid_signature_behind_proxy_stores_and_queues(client, rt):  # noqa: F811
    """The signature is checked against DTM_PUBLIC_URL, not the host the request reached."""
    resp = post_signed(client, twilio_form())
    assert resp.status_code == 200
    assert resp.text == EMPTY_TWIML
    assert resp.headers["content-type"].startswith("text/xml")
    with rt.session_factory() as session:
        msg = session.scalars(select(InboundMessage)).one()
    assert (msg.channel, msg.urn, msg.text, msg.status) == (
        "sms",
        "tel:+9647701234567",
        "DTM 100001 F 12",
        "received",
    )
    assert msg.payload["MessageSid"] == "SM" + "a" * 32
    queued = get_queue(rt.redis, "inbound").jobs if queued_jobs(rt, 1) else []
    assert [(j.func_name, j.args) for j in queued] == [("workflows.jobs.handle_inbound", [msg.id])]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda f, h: ({**f, "Body": "DTM 100001 F 9999"}, h), id="tampered-body"),
        pytest.param(
            lambda f, h: (f, {"X-Twilio-Signature": sign(TOKEN, "https://evil.example/sms/twilio", f)}),
            id="tampered-url",
        ),
        pytest.param(
            lambda f, h: (f, {"X-Twilio-Signature": sign("other-token", PUBLIC + "/sms/twilio", f)}),
            id="wrong-token",
        ),
        pytest.param(
            lambda f, h: (f, {"X-Twilio-Signature": sign(TOKEN, "http://testserver/sms/twilio", f)}),
            id="signed-for-internal-host",
        ),
        pytest.param(lambda f, h: (f, {}), id="missing-header"),
    ],
)
def test_bad_signature_is_refused_and_nothing_stored(client, rt, tamper):  # noqa: F811
    """Any mismatch gets 403 with a reason; no row, no job."""
    form = twilio_form()
    headers = {"X-Twilio-Signature": sign(TOKEN, PUBLIC + "/sms/twilio", form)}
    form, headers = tamper(form, headers)
    resp = client.post("/sms/twilio", data=form, headers=headers)
    assert resp.status_code == 403
    assert "X-Twilio-Signature" in resp.json()["detail"]
    assert count(rt, InboundMessage) == 0
    assert get_queue(rt.redis, "inbound").count == 0


def test_query_string_is_part_of_the_signed_url(client, rt):  # noqa: F811
    """A webhook configured with a query string is signed with it; dropping it breaks the signature."""
    form = twilio_form()
    ok = post_signed(client, form, url=PUBLIC + "/sms/twilio?src=long-code", path="/sms/twilio?src=long-code")
    assert ok.status_code == 200
    bad = post_signed(client, twilio_form(sid="SM" + "b" * 32), path="/sms/twilio?src=long-code")
    assert bad.status_code == 403


def test_missing_fields_are_a_400(client, rt):  # noqa: F811
    """A signed request without MessageSid or From is refused with the reason."""
    form = twilio_form()
    del form["MessageSid"]
    resp = post_signed(client, form)
    assert resp.status_code == 400
    assert "MessageSid" in resp.json()["detail"]
    assert count(rt, InboundMessage) == 0


def test_provider_retries_store_one_message(client, rt):  # noqa: F811
    """The same MessageSid three times: one row, one job."""
    for _ in range(3):
        assert post_signed(client, twilio_form()).status_code == 200
    assert count(rt, InboundMessage) == 1
    assert queued_jobs(rt, 1) == 1


def test_redis_down_still_stores_and_answers(client, rt, monkeypatch):  # noqa: F811
    """With the queue unreachable the row is kept (the sweeper queues it later) and Twilio gets its 200."""
    from redis import Redis

    monkeypatch.setattr(rt, "redis", Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    assert post_signed(client, twilio_form()).status_code == 200
    assert count(rt, InboundMessage) == 1


def _outbound(rt, *, provider_id: str, status: str = "sent") -> int:  # noqa: F811
    with rt.session_factory() as session, session.begin():
        row = OutboundMessage(
            channel="sms", urn="tel:+9647701234567", text="hi", status=status, provider_id=provider_id
        )
        session.add(row)
        session.flush()
        return row.id


@pytest.mark.parametrize(
    ("reports", "final"),
    [
        (["sent", "delivered"], "delivered"),
        (["delivered", "sent"], "delivered"),  # out of order: never move back
        (["queued"], "sent"),
        (["undelivered"], "undelivered"),
        (["failed"], "failed"),
    ],
)
def test_status_callback_moves_forward_only(client, rt, reports, final):  # noqa: F811
    """Delivery reports map Twilio statuses by table and never move a row backwards."""
    oid = _outbound(rt, provider_id="SM" + "c" * 32)
    for status in reports:
        form = {"MessageSid": "SM" + "c" * 32, "MessageStatus": status, "AccountSid": "AC" + "0" * 32}
        if status in ("undelivered", "failed"):
            form["ErrorCode"] = "30003"
        resp = post_signed(client, form, url=PUBLIC + "/sms/twilio/status", path="/sms/twilio/status")
        assert resp.status_code == 204
    with rt.session_factory() as session:
        row = session.get(OutboundMessage, oid)
    assert row.status == final
    if final in ("undelivered", "failed"):
        assert "30003" in row.error


def test_status_callback_needs_a_signature(client, rt):  # noqa: F811
    """An unsigned delivery report changes nothing."""
    oid = _outbound(rt, provider_id="SM" + "d" * 32)
    resp = client.post("/sms/twilio/status", data={"MessageSid": "SM" + "d" * 32, "MessageStatus": "failed"})
    assert resp.status_code == 403
    with rt.session_factory() as session:
        assert session.get(OutboundMessage, oid).status == "sent"


def test_replies_endpoint_is_signed(client, rt):  # noqa: F811
    """The simulator's read-back needs a signature over the full URL, like any webhook."""
    sid = "SM" + "e" * 32
    post_signed(client, twilio_form(sid=sid))
    path = f"/sms/twilio/replies?MessageSid={sid}"
    assert client.get(path).status_code == 403
    assert (
        client.get(
            path, headers={"X-Twilio-Signature": sign(TOKEN, PUBLIC + "/sms/twilio/replies?MessageSid=x")}
        ).status_code
        == 403
    )
    resp = client.get(path, headers={"X-Twilio-Signature": sign(TOKEN, PUBLIC + path)})
    assert resp.status_code == 200
    assert resp.json() == {"message_sid": sid, "status": "received", "error": None, "replies": []}
    other = f"/sms/twilio/replies?MessageSid=SM{'f' * 32}"
    assert client.get(other, headers={"X-Twilio-Signature": sign(TOKEN, PUBLIC + other)}).status_code == 404
