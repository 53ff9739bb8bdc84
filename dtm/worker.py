"""RQ workers: `dtm worker` processes in production and a worker thread inside the embedded server."""

from __future__ import annotations

import logging
import threading

from redis import Redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from rq.timeouts import TimerDeathPenalty

from workflows.queue import QUEUE_NAMES, get_queue

log = logging.getLogger(__name__)


class ThreadWorker(SimpleWorker):
    """A worker that can live in a non-main thread: no signal handlers, timer-based job timeouts."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        """Signals can only be handled in the main thread; the server stops us through `request_stop`."""

    @property
    def dequeue_timeout(self) -> int:
        """Wake every couple of seconds (RQ's default is minutes) so a stop request is seen promptly."""
        return 2

    def stop_soon(self) -> None:
        """Leave the work loop after the job in hand, from any thread.

        RQ's `request_stop` is a signal handler: it re-installs handlers (main thread only) and raises in
        the caller's thread. The work loop checks this flag between jobs.
        """
        self._stop_requested = True

    def dequeue_job_and_maintain_ttl(self, timeout, max_idle_time=None):
        """Wait for a job as RQ does, but give up when a stop is requested.

        RQ's own wait only ends on a job or a signal; a thread gets no signal, so wait in slices of
        `dequeue_timeout` and look at the stop flag between them.
        """
        if timeout is None or max_idle_time is not None:  # burst mode, or the caller set its own idle limit
            return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)
        while not self._stop_requested:
            result = super().dequeue_job_and_maintain_ttl(timeout, self.dequeue_timeout)
            if result is not None:
                return result
        return None


def make_worker(redis: Redis, *, in_thread: bool = False, name: str | None = None) -> SimpleWorker:
    """Build a worker on the named queues, inbound first so replies follow reports promptly.

    SimpleWorker runs jobs in-process (no fork per job): our jobs are short database transactions
    and forking would cost more than the work itself.
    """
    cls = ThreadWorker if in_thread else SimpleWorker
    queues = [get_queue(redis, q) for q in QUEUE_NAMES]
    return cls(queues, connection=redis, serializer=JSONSerializer, name=name)


def sweep_at_start() -> None:
    """Re-enqueue what a crash left behind before taking new work (DESIGN §3.2)."""
    from workflows import jobs

    try:
        jobs.sweep_stale()
    except Exception:  # a failed sweep must not stop the worker; the scheduler sweeps again soon
        log.exception("start-up sweep failed")


class EmbeddedWorker:
    """The embedded mode's worker thread and scheduler thread, started and stopped with the server."""

    def __init__(self, redis: Redis):
        self.redis = redis
        self.worker = make_worker(redis, in_thread=True, name=f"embedded-{id(self):x}")
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start the worker and scheduler threads."""
        from workflows.scheduler import Scheduler

        sweep_at_start()
        scheduler = Scheduler(self.redis)
        self._threads = [
            threading.Thread(target=self._work, name="dtm-worker", daemon=True),
            threading.Thread(target=scheduler.run, args=(self._stop, 1.0), name="dtm-scheduler", daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _work(self) -> None:
        """Run the worker loop until asked to stop, restarting it if it ever exits on an error."""
        while not self._stop.is_set():
            try:
                self.worker.work(burst=False, logging_level="WARNING", with_scheduler=False)
            except Exception:
                log.exception("embedded worker loop crashed; restarting")
            if not self._stop.is_set():
                self._stop.wait(1.0)
                self.worker = make_worker(self.redis, in_thread=True)

    def alive(self) -> bool:
        """Tell whether both the worker and the scheduler thread are running."""
        return bool(self._threads) and all(t.is_alive() for t in self._threads)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask both threads to stop and wait for them."""
        self._stop.set()
        worker = self.worker
        if isinstance(worker, ThreadWorker):
            worker.stop_soon()
        for t in self._threads:
            t.join(timeout)
            if t.is_alive():
                log.warning("%s thread did not stop within %.0f s", t.name, timeout)
