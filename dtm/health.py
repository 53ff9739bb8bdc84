"""Liveness, readiness (database, schema, queue, embedded worker) and Prometheus metrics endpoints."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import text

from dtm import migrate
from workflows import monitoring
from workflows.runtime import Runtime

log = logging.getLogger(__name__)


def _database_check(rt: Runtime, head: str | None) -> tuple[bool, str]:
    """Reach the database and compare its schema revision with the code's (`head`)."""
    try:
        with rt.session_factory() as session:
            session.execute(text("SELECT 1"))
            at = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
    except Exception as exc:  # any driver error means not ready; say which
        return False, f"unreachable or not migrated: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    if at != head:
        return False, f"schema at revision {at}, code needs {head}: run `dtm db upgrade`"
    return True, f"ok (revision {at})"


def _queue_check(rt: Runtime) -> tuple[bool, str]:
    """Ping the queue's Redis."""
    try:
        rt.redis.ping()
    except Exception as exc:  # connection refused, timeout, auth
        return False, f"unreachable: {type(exc).__name__}: {exc}"
    return True, "ok"


class QueueCollector:
    """Prometheus collector reading shared state (Redis, database) at scrape time.

    Reading at scrape time keeps the figures right across web replicas and worker machines, which
    process-local counters would not.
    """

    def __init__(self, rt: Runtime):
        self.rt = rt

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Yield queue, worker and message gauges."""
        jobs = GaugeMetricFamily("dtm_queue_jobs", "Jobs per queue and state", labels=["queue", "state"])
        for d in monitoring.queue_depths(self.rt.redis):
            for state in ("queued", "started", "scheduled", "failed"):
                jobs.add_metric([d.queue, state], getattr(d, state))
        yield jobs
        workers = GaugeMetricFamily("dtm_workers", "RQ workers registered on the queue's Redis")
        workers.add_metric([], monitoring.worker_count(self.rt.redis))
        yield workers
        messages = GaugeMetricFamily(
            "dtm_messages", "Stored messages per direction and status", labels=["direction", "status"]
        )
        with self.rt.session_factory() as session:
            for (direction, status), n in sorted(monitoring.message_counts(session=session).items()):
                messages.add_metric([direction, status], n)
        yield messages


def build_router(
    rt: Runtime, *, extra_checks: dict[str, Callable[[], tuple[bool, str]]] | None = None
) -> APIRouter:
    """Return /healthz, /readyz and /metrics for a runtime; `extra_checks` join the readiness checks."""
    router = APIRouter(tags=["operations"])
    registry = CollectorRegistry(auto_describe=False)
    registry.register(QueueCollector(rt))
    head = migrate.head_revision()  # read the migration files once, not on every probe
    checks: dict[str, Callable[[], tuple[bool, str]]] = {
        "database": lambda: _database_check(rt, head),
        "queue": lambda: _queue_check(rt),
        **(extra_checks or {}),
    }

    @router.get("/healthz", summary="The process is alive")
    async def healthz() -> dict:
        """Answer as long as the process serves requests."""
        return {"status": "ok"}

    @router.get("/readyz", summary="Database, schema and queue are reachable")
    async def readyz() -> JSONResponse:
        """Run every readiness check; 200 when all pass, else 503 naming what failed."""
        results = {}
        for name, check in checks.items():
            ok, detail = await run_in_threadpool(check)
            results[name] = {"ok": ok, "detail": detail}
        ready = all(r["ok"] for r in results.values())
        if not ready:
            log.warning("not ready: %s", {k: v["detail"] for k, v in results.items() if not v["ok"]})
        return JSONResponse(
            {"status": "ok" if ready else "unavailable", "checks": results}, status_code=200 if ready else 503
        )

    @router.get("/metrics", summary="Prometheus metrics")
    async def metrics() -> Response:
        """Expose queue depths, worker count and message counts in Prometheus text format."""
        body = await run_in_threadpool(generate_latest, registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return router
