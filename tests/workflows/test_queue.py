"""Queue plumbing on real Redis with a real RQ worker: JSON jobs by path, retries with back-off, failed jobs
kept and listed, requeue; the scheduler enqueues each periodic job once per period, however many run."""

from __future__ import annotations

import json
import time
import zlib

import pytest
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer

from fakes.runtime import drain
from workflows.queue import DEFAULT, enqueue, failed_jobs, get_queue, requeue_failed
from workflows.scheduler import PeriodicJob, Scheduler

pytestmark = pytest.mark.redis


def test_jobs_carry_a_path_and_ids_as_json(redis_conn):
    job = enqueue(redis_conn, "fakes.jobs.echo", 42, queue="inbound", job_id="dtm-test-42")
    raw = redis_conn.hget(f"rq:job:{job.id}", "data")
    assert json.loads(zlib.decompress(raw)) == ["fakes.jobs.echo", None, [42], {}]  # RQ zlib-compresses it
    drain(redis_conn)
    done = Job.fetch("dtm-test-42", connection=redis_conn, serializer=JSONSerializer)
    assert done.get_status() == JobStatus.FINISHED and done.return_value() == 42


def test_unknown_queue_is_refused(redis_conn):
    with pytest.raises(ValueError, match="unknown queue 'mail'"):
        get_queue(redis_conn, "mail")


def test_retries_back_off_then_the_job_is_kept_as_failed(redis_conn):
    job = enqueue(redis_conn, "fakes.jobs.always_fails", 7, retries=(3, 5))
    scheduler = Scheduler(redis_conn, jobs=())
    registry = ScheduledJobRegistry(queue=get_queue(redis_conn, DEFAULT))
    for backoff in (3, 5):  # long enough that "not due yet" holds on a busy machine
        started = time.time()
        drain(redis_conn)
        assert job.get_status(refresh=True) == JobStatus.SCHEDULED
        due = registry.get_scheduled_time(job.id).timestamp()
        assert backoff - 1 < due - started <= backoff + 1  # this retry's interval (RQ keeps whole seconds)
        scheduler.tick()
        assert get_queue(redis_conn, DEFAULT).count == 0  # not due yet: stays scheduled
        time.sleep(max(0.0, due - time.time()) + 0.1)
        scheduler.tick()
        assert get_queue(redis_conn, DEFAULT).job_ids == [job.id]
    drain(redis_conn)
    assert job.get_status(refresh=True) == JobStatus.FAILED
    [failed] = failed_jobs(redis_conn)
    assert (failed.queue, failed.job_id, failed.func, failed.args) == (
        "default",
        job.id,
        "fakes.jobs.always_fails",
        (7,),
    )
    assert failed.error == "RuntimeError: boom for item 7"
    assert requeue_failed(redis_conn) == 1
    assert get_queue(redis_conn, DEFAULT).job_ids == [job.id] and failed_jobs(redis_conn) == []


def test_each_period_runs_once_however_many_schedulers(redis_conn):
    periodic = (PeriodicJob("fakes.jobs.echo", interval=2),)
    first, second = Scheduler(redis_conn, jobs=periodic), Scheduler(redis_conn, jobs=periodic)
    assert first.tick() == ["fakes.jobs.echo"]
    assert second.tick() == [] and first.tick() == []
    assert get_queue(redis_conn, DEFAULT).count == 1
    time.sleep(2.1)
    assert second.tick() == ["fakes.jobs.echo"]
    assert get_queue(redis_conn, DEFAULT).count == 2
