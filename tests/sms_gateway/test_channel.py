"""TwilioSmsChannel against a local fake of Twilio's REST API: errors by table, segments, rate limit."""

from __future__ import annotations

import threading

import pytest

from fakes.twilio_api import FakeTwilio
from sms_gateway.channel import LoggingSmsChannel, TwilioSmsChannel
from workflows.channel import PermanentChannelError, RecipientOptedOut, TemporaryChannelError

FROM = "+9647800000000"


@pytest.fixture
def api():
    """A running fake Twilio API."""
    with FakeTwilio() as fake:
        yield fake


def channel_for(api: FakeTwilio, **kwargs) -> TwilioSmsChannel:
    """Return a channel talking to the fake."""
    return TwilioSmsChannel(
        account_sid=api.account_sid, auth_token=api.auth_token, from_number=FROM, api_url=api.url, **kwargs
    )


def test_send_goes_to_the_api_host_override(api):
    """Messages reach the fake (not api.twilio.com) with our number, body and status callback."""
    channel = channel_for(api, status_callback="https://dtm.example.org/sms/twilio/status")
    result = channel.send("tel:+9647701234567", "Confirm?\n1 Yes\n2 No", ("1 Yes", "2 No"))
    [sent] = api.messages
    assert result.provider_id == sent.sid
    assert (sent.to, sent.from_) == ("+9647701234567", FROM)
    assert sent.body == "Confirm?\n1 Yes\n2 No"  # the engine numbers options in the text already
    assert sent.status_callback == "https://dtm.example.org/sms/twilio/status"


@pytest.mark.parametrize(
    ("text", "segments", "encoding"),
    [
        ("x" * 160, 1, "GSM-7"),
        ("x" * 161, 2, "GSM-7"),
        ("تم استلام التقرير", 1, "UCS-2"),
        ("ت" * 71, 2, "UCS-2"),
        ("ڕاپۆرت وەرگیرا", 1, "UCS-2"),
    ],
)
def test_segments_and_encoding_are_reported(api, text, segments, encoding):
    """GSM-7 for Latin text, UCS-2 as soon as Arabic or Kurdish letters appear."""
    result = channel_for(api).send("tel:+9647701234567", text)
    assert (result.segments, result.encoding) == (segments, encoding)


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (429, None, TemporaryChannelError),
        (500, None, TemporaryChannelError),
        (503, None, TemporaryChannelError),
        (400, 21610, RecipientOptedOut),
        (400, 21211, PermanentChannelError),
        (401, 20003, PermanentChannelError),
    ],
)
def test_errors_map_by_table(api, status, code, error):
    """429/5xx are temporary, 21610 is an opt-out, other 4xx are permanent."""
    api.fail_next(status, code=code)
    with pytest.raises(error) as info:
        channel_for(api).send("tel:+9647701234567", "hello")
    if error is PermanentChannelError:
        assert not isinstance(info.value, RecipientOptedOut)
    assert api.messages == []


def test_unreachable_api_is_temporary():
    """A refused connection is worth retrying."""
    channel = TwilioSmsChannel(
        account_sid="AC" + "0" * 32, auth_token="t", from_number=FROM, api_url="http://127.0.0.1:1", timeout=2
    )
    with pytest.raises(TemporaryChannelError):
        channel.send("tel:+9647701234567", "hello")


def test_non_sms_urn_is_permanent(api):
    """A Telegram URN can never go out by SMS."""
    with pytest.raises(PermanentChannelError):
        channel_for(api).send("telegram:123", "hello")


def test_rate_limit_spaces_sends_per_number_across_workers(api, redis_conn):
    """Two channel instances (two workers) sharing Redis send at most `rate` messages a second."""
    workers = [channel_for(api, redis=redis_conn, rate_per_second=10.0) for _ in range(2)]

    def burst(channel):
        for i in range(4):
            channel.send("tel:+9647701234567", f"m{i}")

    threads = [threading.Thread(target=burst, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times = sorted(m.at for m in api.messages)
    assert len(times) == 8
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.07, gaps  # 0.1 s apart, minus HTTP jitter
    assert times[-1] - times[0] >= 0.6


def test_rate_limit_is_per_sender_number(api, redis_conn):
    """Another sender number has its own slots."""
    a = channel_for(api, redis=redis_conn, rate_per_second=2.0)
    b = TwilioSmsChannel(
        account_sid=api.account_sid,
        auth_token=api.auth_token,
        from_number="+9647800000001",
        api_url=api.url,
        redis=redis_conn,
        rate_per_second=2.0,
    )
    a.send("tel:+9647701234567", "one")
    b.send("tel:+9647701234567", "two")
    first, second = (m.at for m in api.messages)
    assert second - first < 0.3


def test_logging_channel_records_as_sent():
    """Dev mode sends nothing but gives each message a dev- provider id and its segments."""
    channel = LoggingSmsChannel()
    result = channel.send("tel:+9647701234567", "مرحبا\n1 نعم", ("1 نعم",))
    assert result.provider_id.startswith("dev-")
    assert (result.segments, result.encoding) == (1, "UCS-2")
    assert channel.sent[-1] == ("tel:+9647701234567", "مرحبا\n1 نعم")
