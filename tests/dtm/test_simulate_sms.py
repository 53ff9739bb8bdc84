"""`dtm simulate sms` against a real server (uvicorn) and a worker thread: replies printed, errors in one line."""

from __future__ import annotations

import threading

import pytest
from fastapi import FastAPI

from factories import seed_reporting
from fakes.processes import run_dtm
from fakes.runtime import rt  # noqa: F401 - fixture
from fakes.server import serve
from sms_gateway.channel import LoggingSmsChannel
from sms_gateway.webhook import build_router

TOKEN = "simulate-token"


@pytest.fixture
def server(rt):  # noqa: F811
    """A server with the Twilio routes (public URL = where it listens) and a worker thread draining the queues."""
    from dtm.worker import make_worker

    rt.channels["sms"] = LoggingSmsChannel()
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():  # short burst runs, so the thread notices `stop` quickly
            make_worker(rt.redis, in_thread=True).work(
                burst=True, logging_level="WARNING", with_scheduler=False
            )
            stop.wait(0.1)

    app = FastAPI()
    with serve(app) as url:
        app.include_router(build_router(auth_token=TOKEN, public_url=url))
        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        yield url
        stop.set()
        thread.join(10)


def test_simulate_prints_the_replies(server, rt, tmp_path):  # noqa: F811
    """A registered KI's compact report comes back as the echo the KI would read."""
    seed_reporting(session_factory=rt.session_factory)
    env = {"DTM_PUBLIC_URL": server, "DTM_TWILIO_AUTH_TOKEN": TOKEN}
    done = run_dtm(
        "simulate", "sms", "--from", "+9647701234567", "DTM 100001 F 120 I 700", env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "Thank you. Report R1: Al-Shuhada Quarter (100001), families 120, people 700." in done.stdout
    assert rt.channels["sms"].sent[-1][0] == "tel:+9647701234567"


def test_simulate_with_the_wrong_token_is_one_line(server, rt, tmp_path):  # noqa: F811
    """A signature the server refuses is explained in one line, exit code 1."""
    env = {"DTM_PUBLIC_URL": server, "DTM_TWILIO_AUTH_TOKEN": "not-the-token"}
    done = run_dtm("simulate", "sms", "--from", "+9647701234567", "hello", env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "refused the signature" in done.stderr
    assert "Traceback" not in done.stderr


def test_simulate_without_a_server_is_one_line(tmp_path):
    """No server: a clear line, no traceback."""
    env = {"DTM_PUBLIC_URL": "http://127.0.0.1:9"}
    done = run_dtm("simulate", "sms", "--from", "+9647701234567", "hello", env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert "server not reachable" in done.stderr and "Traceback" not in done.stderr


def test_simulate_refuses_a_bad_number(tmp_path):
    """A number that is no phone number is refused before anything is sent."""
    done = run_dtm("simulate", "sms", "--from", "12ab", "hello", env={}, cwd=tmp_path)
    assert done.returncode == 1 and "phone number" in done.stderr
