"""Fixtures installing a workflows Runtime on the test database and Redis, and burst workers to drain it."""

from __future__ import annotations

import pytest
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from workflows import runtime
from workflows.queue import QUEUE_NAMES, get_queue
from workflows.runner_context import GAZETTEER
from workflows.runtime import Runtime


@pytest.fixture
def rt(session_factory, redis_conn, monkeypatch) -> Runtime:
    """A runtime on the fresh test schema and the test Redis, installed for this test only."""
    installed = Runtime(session_factory=session_factory, redis=redis_conn, sms_rate_per_second=1000.0)
    monkeypatch.setattr(runtime, "_current", installed)
    GAZETTEER.clear()
    return installed


def drain(redis, queues=QUEUE_NAMES) -> None:
    """Run a real RQ worker in burst mode until the named queues are empty."""
    worker = SimpleWorker([get_queue(redis, q) for q in queues], connection=redis, serializer=JSONSerializer)
    worker.work(burst=True, logging_level="WARNING", with_scheduler=False)
