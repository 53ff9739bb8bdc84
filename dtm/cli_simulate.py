"""`dtm simulate sms`: text a running server as a KI would, signed exactly like Twilio, and print the replies."""

from __future__ import annotations

import time
import uuid

import httpx
import typer

from dtm.errors import CliError
from dtm.settings import Settings

WEBHOOK_PATH = "/sms/twilio"
REPLIES_PATH = "/sms/twilio/replies"
DEV_ACCOUNT_SID = "AC" + "0" * 32
DEV_SHORTCODE = "+9647800000000"

simulate = typer.Typer(
    help="Send messages to a running server as a key informant would.", no_args_is_help=True
)


def twilio_form(*, sender: str, to: str, body: str, account_sid: str) -> dict[str, str]:
    """Return the form fields Twilio posts for one inbound SMS, with a fresh MessageSid."""
    sid = "SM" + uuid.uuid4().hex
    return {
        "ToCountry": "IQ",
        "ToState": "",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "IQ",
        "To": to,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": account_sid,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


def _explain(resp: httpx.Response, url: str) -> CliError:
    """Turn a refusal by the server into one line for the operator."""
    try:
        detail = resp.json().get("detail", "")
    except ValueError:
        detail = resp.text[:200]
    if resp.status_code == 403:
        return CliError(
            f"the server at {url} refused the signature ({detail}); DTM_TWILIO_AUTH_TOKEN and DTM_PUBLIC_URL "
            "must be the same as the server's"
        )
    return CliError(f"the server at {url} answered {resp.status_code}: {detail}")


def send_and_wait(
    *, settings: Settings, sender: str, text: str, url: str, timeout: float, poll: float = 0.3
) -> dict:
    """Post a signed inbound SMS, then poll the signed replies endpoint until it is processed."""
    from sms_gateway.signature import HEADER, sign

    token = settings.effective_twilio_auth_token()
    public = settings.public_url.rstrip("/")
    form = twilio_form(
        sender=sender,
        to=settings.twilio_from or DEV_SHORTCODE,
        body=text,
        account_sid=settings.twilio_account_sid or DEV_ACCOUNT_SID,
    )
    base = url.rstrip("/")
    with httpx.Client(timeout=10.0) as client:
        try:
            resp = client.post(
                base + WEBHOOK_PATH, data=form, headers={HEADER: sign(token, public + WEBHOOK_PATH, form)}
            )
        except httpx.TransportError as exc:
            raise CliError(f"server not reachable at {base} ({exc}); start it with `dtm serve`") from exc
        if resp.status_code != 200:
            raise _explain(resp, base)
        path = f"{REPLIES_PATH}?MessageSid={form['MessageSid']}"
        deadline = time.monotonic() + timeout
        while True:
            resp = client.get(base + path, headers={HEADER: sign(token, public + path)})
            if resp.status_code != 200:
                raise _explain(resp, base)
            outcome = resp.json()
            if outcome["status"] != "received":
                return outcome
            if time.monotonic() > deadline:
                raise CliError(f"no answer within {timeout:g} s: is a worker running (`dtm worker`)?")
            time.sleep(poll)


@simulate.command("sms")
def sms(
    text: str = typer.Argument(..., help='The message text, e.g. "DTM 100001 F 120 I 700"'),
    sender: str = typer.Option(..., "--from", help="The KI's phone number, e.g. +9647701234567"),
    url: str = typer.Option(None, help="Where the server listens (default: DTM_PUBLIC_URL)"),
    timeout: float = typer.Option(20.0, help="Seconds to wait for the replies"),
) -> None:
    """Text the server as a KI (signed like Twilio) and print the replies the KI gets."""
    from core.informants import phone_urn
    from core.inputs import InputError

    settings = Settings()  # type: ignore[call-arg]  # pydantic-settings fills fields from the environment
    try:
        number = phone_urn(sender).removeprefix("tel:")
    except InputError as exc:
        raise CliError(str(exc)) from exc
    outcome = send_and_wait(
        settings=settings, sender=number, text=text, url=url or settings.public_url, timeout=timeout
    )
    if outcome["status"] == "failed":
        first_line = (outcome.get("error") or "").splitlines()[0] if outcome.get("error") else "unknown error"
        raise CliError(f"the server could not process the message: {first_line}")
    if not outcome["replies"]:
        typer.echo("(no reply)")
    for reply in outcome["replies"]:
        typer.echo(reply["text"])
        typer.echo("")


def register(app: typer.Typer) -> None:
    """Attach `dtm simulate`."""
    app.add_typer(simulate, name="simulate")
