"""Real RQ worker processes for concurrency tests: each builds its own Runtime, like `dtm worker` does."""

from __future__ import annotations

import multiprocessing
import time

SPAWN = multiprocessing.get_context("spawn")


def _worker_main(
    database_url: str, redis_url: str, api_url: str, token: str, account_sid: str, start_at: float
):
    """Configure a runtime for this process, wait for the common start, then drain the queues once."""
    from redis import Redis

    from core.db import make_engine, make_session_factory
    from sms_gateway.channel import TwilioSmsChannel
    from workflows import runtime
    from workflows.runtime import Runtime

    redis = Redis.from_url(redis_url)
    channel = TwilioSmsChannel(
        account_sid=account_sid,
        auth_token=token,
        from_number="+9647800000000",
        api_url=api_url,
        redis=redis,
        rate_per_second=1000.0,
    )
    runtime.configure(
        Runtime(
            session_factory=make_session_factory(make_engine(database_url)),
            redis=redis,
            channels={"sms": channel},
        )
    )
    time.sleep(max(0.0, start_at - time.time()))
    from fakes.runtime import drain

    drain(redis)


def start_workers(n: int, *, database_url: str, redis_url: str, api_url: str, token: str, account_sid: str):
    """Start `n` burst workers that begin together about a second from now; return the processes."""
    start_at = time.time() + 1.5
    procs = [
        SPAWN.Process(
            target=_worker_main,
            args=(database_url, redis_url, api_url, token, account_sid, start_at),
            daemon=True,
        )
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    return procs
