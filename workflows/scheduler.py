"""Periodic jobs (sweeper, later reminders and summaries) and promotion of delayed/retried RQ jobs."""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass

from redis import Redis
from rq.scheduler import RQScheduler
from rq.serializers import JSONSerializer

from workflows.queue import DEFAULT, QUEUE_NAMES, enqueue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    """A job enqueued every `interval` seconds by whichever scheduler holds its slot."""

    job_path: str
    interval: int
    queue: str = DEFAULT


PERIODIC_JOBS = (PeriodicJob("workflows.jobs.sweep_stale", interval=15),)


class Scheduler:
    """Enqueues periodic jobs and moves due scheduled jobs (retries, `enqueue_at`) onto their queues.

    Several schedulers may run (web replicas, `dtm scheduler`): a Redis key with a TTL per job
    makes sure each period's job is enqueued once.
    """

    def __init__(self, redis: Redis, jobs: tuple[PeriodicJob, ...] = PERIODIC_JOBS):
        self.redis = redis
        self.jobs = jobs
        self._mover = RQScheduler(
            list(QUEUE_NAMES), connection=redis, serializer=JSONSerializer, logging_level=logging.WARNING
        )
        # RQScheduler would open its own connection; reuse ours so an in-process fakeredis works too.
        self._mover._connection = redis  # type: ignore[assignment]  # RQ annotates it as always None

    def tick(self) -> list[str]:
        """Do one round of work; return the job paths enqueued."""
        enqueued = []
        for job in self.jobs:
            slot = f"dtm:periodic:{job.job_path}"
            if self.redis.set(slot, "1", nx=True, ex=job.interval):
                enqueue(self.redis, job.job_path, queue=job.queue, retries=())
                enqueued.append(job.job_path)
        if self._mover.acquire_locks():
            self._mover.enqueue_scheduled_jobs()
            self._mover.release_locks()
        return enqueued

    def run(self, stop: threading.Event, every: float = 1.0) -> None:
        """Tick until `stop` is set; a failing tick is logged and retried, never fatal."""
        while not stop.is_set():
            try:
                self.tick()
            except Exception:  # Redis blips must not kill the scheduler loop
                log.exception("scheduler tick failed")
            stop.wait(every)


def run_forever(redis: Redis, every: float = 1.0) -> None:
    """Run the scheduler in the foreground until SIGINT or SIGTERM (docker stop, systemd) asks it to stop."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    Scheduler(redis).run(stop, every)
    log.info("scheduler stopped")
