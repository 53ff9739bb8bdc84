"""Production mode as deployed: `dtm serve`, `dtm worker` x2 and `dtm scheduler` processes on PostgreSQL and Redis,
replies sent to a fake Twilio API; a message the queue lost is still answered (sweeper at worker start and scheduled).
"""

from __future__ import annotations

import time

import httpx
import pytest
from redis import Redis
from rq import Worker
from rq.suspension import resume, suspend
from sqlalchemy import create_engine, text

from fakes.processes import DtmProcess, dtm_server, run_dtm
from fakes.runtime import drain
from fakes.twilio_api import FakeTwilio
from sms_gateway.signature import sign
from workflows.queue import enqueue, get_queue

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

TOKEN = "prod-auth-token"
KI_PHONE = "+9647701234567"
SENDER = "+9647800000000"


@pytest.fixture
def twilio():
    """A fake Twilio REST API with our account and token."""
    with FakeTwilio(auth_token=TOKEN) as api:
        yield api


@pytest.fixture
def prod(pg_url, redis_url, twilio, tmp_path):
    """The settings of a production deployment (a fresh PostgreSQL database), set up with the CLI."""
    engine = create_engine(pg_url)
    with engine.begin() as conn:  # the session-wide database may hold other tests' tables
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    env = {
        "DTM_ENV": "production",
        "DTM_SECRET_KEY": "prod-secret",
        "DTM_DATABASE_URL": pg_url,
        "DTM_REDIS_URL": redis_url,
        "DTM_TWILIO_ACCOUNT_SID": twilio.account_sid,
        "DTM_TWILIO_AUTH_TOKEN": TOKEN,
        "DTM_TWILIO_FROM": SENDER,
        "DTM_TWILIO_API_URL": twilio.url,
        "DTM_SMS_RATE_PER_SECOND": "50",
        "DTM_SWEEP_AFTER_SECONDS": "1",
    }
    for args in (
        ("db", "upgrade"),
        ("gazetteer", "load", "--demo"),
        ("round", "open"),
        ("ki", "add", "--name", "Test KI", "--phone", KI_PHONE, "--lang", "en", "-l", "100001"),
    ):
        done = run_dtm(*args, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    return env


def wait_for(condition, what: str, within: float = 30.0):
    """Poll `condition` until it returns something true; fail naming `what`."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def db_value(url: str, sql: str):
    """Run one query on the deployment's database."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def test_serve_and_workers_answer_a_ki(prod, twilio, tmp_path):
    """The web process only stores and queues; two worker processes answer through the Twilio API."""
    with dtm_server(env=prod, cwd=tmp_path) as (url, server):
        ready = httpx.get(url + "/readyz").json()
        assert set(ready["checks"]) == {"database", "queue"} and ready["status"] == "ok"
        assert 'class="mode production"' in httpx.get(url + "/").text
        env = prod | {"DTM_PUBLIC_URL": url}
        workers = [DtmProcess(["worker"], env=env, cwd=tmp_path, name=f"worker{i}") for i in range(2)]
        try:
            done = run_dtm(
                "simulate", "sms", "--from", KI_PHONE, "DTM 100001 F 120 I 700", env=env, cwd=tmp_path
            )
            assert done.returncode == 0, done.stderr
            assert "Thank you. Report R" in done.stdout and "families 120, people 700." in done.stdout
            [sent] = wait_for(lambda: list(twilio.messages), "the reply at the Twilio API")
            assert (sent.to, sent.from_) == (KI_PHONE, SENDER) and sent.body in done.stdout
            assert sent.status_callback == url + "/sms/twilio/status"
            metrics = httpx.get(url + "/metrics").text
            assert "dtm_workers 2.0" in metrics
            assert 'dtm_messages{direction="inbound",status="processed"} 1.0' in metrics

            form = {"MessageSid": sent.sid, "MessageStatus": "delivered", "AccountSid": twilio.account_sid}
            callback = httpx.post(
                url + "/sms/twilio/status",
                data=form,
                headers={"X-Twilio-Signature": sign(TOKEN, url + "/sms/twilio/status", form)},
            )
            assert callback.status_code == 204
            status = db_value(prod["DTM_DATABASE_URL"], "SELECT status FROM outbound_messages")
            assert status == "delivered"
        finally:
            codes = [w.stop() for w in workers]  # SIGTERM: a warm shutdown, within the timeout
        assert codes == [0, 0], [w.output() for w in workers]


def post_sms(url: str, sid: str, body: str) -> None:
    """Post a signed inbound SMS from the KI, as Twilio would."""
    form = {"MessageSid": sid, "From": KI_PHONE, "To": SENDER, "Body": body}
    signature = sign(TOKEN, url + "/sms/twilio", form)
    assert (
        httpx.post(url + "/sms/twilio", data=form, headers={"X-Twilio-Signature": signature}).status_code
        == 200
    )


def test_a_message_the_queue_lost_is_answered(prod, twilio, redis_url, tmp_path):
    """Redis loses a job after the webhook stored its message: a starting worker's sweep answers it, and
    while workers run, the scheduler's periodic sweep does."""
    redis = Redis.from_url(redis_url)
    with dtm_server(env=prod, cwd=tmp_path) as (url, server):
        env = prod | {"DTM_PUBLIC_URL": url}
        post_sms(url, "SMlost1", "DTM 100001 F 10")
        redis.flushdb()  # the queue forgets the job (a Redis restart without persistence)
        time.sleep(1.2)  # older than DTM_SWEEP_AFTER_SECONDS
        burst = run_dtm("worker", "--burst", env=env, cwd=tmp_path)
        assert burst.returncode == 0, burst.stdout + burst.stderr
        assert [m.body for m in twilio.messages] == [
            "Thank you. Report R1: Al-Shuhada Quarter (100001), families 10, people 60 (estimated)."
        ]

        worker = DtmProcess(["worker"], env=env, cwd=tmp_path, name="worker")
        scheduler = DtmProcess(["scheduler"], env=env, cwd=tmp_path, name="scheduler")
        try:
            wait_for(lambda: Worker.count(connection=redis) == 1, "the worker to register")
            suspend(redis)  # hold the worker so the job can be lost before it is taken
            post_sms(url, "SMlost2", "DTM 100001 F 11")
            get_queue(redis, "inbound").empty()
            resume(redis)
            wait_for(lambda: len(twilio.messages) == 2, "the reply the scheduler's sweep brought", 40)
            assert "families 11," in twilio.messages[1].body
        finally:
            codes = [p.stop() for p in (scheduler, worker)]  # stop both, whatever happened
        assert codes == [0, 0], scheduler.output() + worker.output()
    processed = "SELECT count(*) FROM inbound_messages WHERE status = 'processed'"
    assert db_value(prod["DTM_DATABASE_URL"], processed) == 2
    assert len(twilio.messages) == 2  # each answered exactly once


def test_jobs_commands_and_embedded_refusal(prod, redis_conn, tmp_path):
    assert run_dtm("jobs", "failed", env=prod, cwd=tmp_path).stdout.strip() == "no failed jobs"
    job = enqueue(redis_conn, "fakes.jobs.always_fails", 7, retries=())
    drain(redis_conn)
    listed = run_dtm("jobs", "failed", env=prod, cwd=tmp_path).stdout
    assert f"default   {job.id}  fakes.jobs.always_fails(7)  RuntimeError: boom for item 7" in listed
    assert run_dtm("jobs", "requeue", env=prod, cwd=tmp_path).stdout.strip() == "requeued 1 job(s)"
    assert run_dtm("jobs", "failed", env=prod, cwd=tmp_path).stdout.strip() == "no failed jobs"
    for command in (["worker"], ["scheduler"], ["jobs", "failed"]):
        done = run_dtm(*command, env={}, cwd=tmp_path)
        assert done.returncode == 1 and "needs DTM_REDIS_URL" in done.stderr
        assert done.stderr.count("\n") == 1, done.stderr
