"""Queue plumbing: named RQ queues, enqueue by job path with ids only (JSON), retries, failed jobs."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from redis import Redis
from rq import Queue, Retry
from rq.job import Job, JobStatus
from rq.registry import (
    DeferredJobRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)
from rq.serializers import JSONSerializer

log = logging.getLogger(__name__)

INBOUND = "inbound"
OUTBOUND = "outbound"
DEFAULT = "default"
QUEUE_NAMES = (INBOUND, OUTBOUND, DEFAULT)

# Back off 5 s, 30 s, 2 min, 10 min: long enough to ride out a database restart or a provider hiccup.
DEFAULT_RETRY_INTERVALS = (5, 30, 120, 600)
_LIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def get_queue(redis: Redis, name: str) -> Queue:
    """Return a named queue using RQ's JSON serializer (jobs carry ids, never pickled objects)."""
    if name not in QUEUE_NAMES:
        raise ValueError(f"unknown queue {name!r}; expected one of {', '.join(QUEUE_NAMES)}")
    return Queue(name, connection=redis, serializer=JSONSerializer)


def enqueue(
    redis: Redis,
    job_path: str,
    *ids: int | str,
    queue: str = DEFAULT,
    retries: Iterable[int] = DEFAULT_RETRY_INTERVALS,
    job_id: str | None = None,
    at: datetime | None = None,
    timeout: int | None = None,
) -> Job:
    """Enqueue `job_path(*ids)` on a named queue, retried with back-off; optionally at a given time.

    `timeout`: seconds the job may run (RQ's default, 180, when None).
    """
    intervals = list(retries)
    retry = Retry(max=len(intervals), interval=intervals) if intervals else None
    q = get_queue(redis, queue)
    if at is not None:
        return q.enqueue_at(at, job_path, *ids, retry=retry, job_id=job_id, job_timeout=timeout)
    return q.enqueue(job_path, *ids, retry=retry, job_id=job_id, job_timeout=timeout)


def batch_job_id(prefix: str, ids: Sequence[int]) -> str:
    """Return the job id of a job over `ids`: `prefix-<first id>`, plus `-and-<how many more>` for a batch."""
    return f"{prefix}-{ids[0]}" + (f"-and-{len(ids) - 1}" if len(ids) > 1 else "")


def enqueue_batch(
    redis: Redis,
    job_path: str,
    ids: Sequence[int],
    *,
    queue: str,
    id_prefix: str,
    timeout: int | None = None,
) -> bool:
    """Queue one job `job_path(*ids)`; on a queue outage log it and return False.

    Callers queue rows they have committed, which the sweeper queues again should this fail.
    """
    if not ids:
        return True
    try:
        enqueue(redis, job_path, *ids, queue=queue, job_id=batch_job_id(id_prefix, ids), timeout=timeout)
    except Exception:  # redis down, timeouts: the rows are committed, the sweeper picks them up
        log.warning("could not queue %s%s; the sweeper will", job_path, tuple(ids), exc_info=True)
        return False
    return True


def live_job_ids(redis: Redis, queue: str, job_path: str) -> set[int]:
    """Return the ids that jobs `job_path` waiting, running or scheduled on a queue will take care of."""
    q = get_queue(redis, queue)
    registries = (StartedJobRegistry, ScheduledJobRegistry, DeferredJobRegistry)
    job_ids = set(q.get_job_ids()).union(*(r(queue=q).get_job_ids() for r in registries))
    covered: set[int] = set()
    for job in Job.fetch_many(sorted(job_ids), connection=redis, serializer=JSONSerializer):
        if job is not None and job.func_name == job_path and job.get_status(refresh=False) in _LIVE:
            covered.update(a for a in job.args if isinstance(a, int))
    return covered


@dataclass(frozen=True)
class FailedJob:
    """A job that exhausted its retries, kept for an operator to inspect or requeue."""

    queue: str
    job_id: str
    func: str
    args: tuple
    ended_at: datetime | None
    error: str


def failed_jobs(redis: Redis) -> list[FailedJob]:
    """List failed jobs of every queue, newest last."""
    found: list[FailedJob] = []
    for name in QUEUE_NAMES:
        q = get_queue(redis, name)
        registry = FailedJobRegistry(queue=q)
        for job in Job.fetch_many(registry.get_job_ids(), connection=redis, serializer=JSONSerializer):
            if job is None:
                continue
            result = job.latest_result()
            error = (result.exc_string or "") if result else ""
            last_line = error.strip().splitlines()[-1] if error.strip() else ""
            found.append(
                FailedJob(name, job.id, job.func_name or "?", tuple(job.args), job.ended_at, last_line)
            )
    return sorted(found, key=lambda j: j.ended_at or datetime.min)


def requeue_failed(redis: Redis) -> int:
    """Put every failed job back on its queue; return how many."""
    count = 0
    for name in QUEUE_NAMES:
        registry = FailedJobRegistry(queue=get_queue(redis, name))
        for job_id in registry.get_job_ids():
            registry.requeue(job_id)
            count += 1
    return count
