"""Build the one FastAPI app: provider webhooks, health and metrics, landing page; embedded worker when no Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

import dtm
from dtm import health
from dtm.compose import build_runtime
from dtm.settings import Settings
from workflows.runtime import Runtime


def create_app(settings: Settings, *, rt: Runtime | None = None, announce=print) -> FastAPI:
    """Return the app for these settings (the runtime is built and installed unless given).

    In the embedded mode (no DTM_REDIS_URL) start-up migrates, prepares a first install and starts the
    worker and scheduler threads inside this process; `announce` prints what the operator must know.
    """
    rt = rt or build_runtime(settings)
    embedded = settings.embedded
    worker_box: dict = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if embedded:
            from dtm.bootstrap import prepare_embedded
            from dtm.worker import EmbeddedWorker

            prepared = await run_in_threadpool(prepare_embedded, settings, rt)
            for line in prepared.lines:
                announce(line)
            worker = EmbeddedWorker(rt.redis)
            worker.start()
            worker_box["worker"] = worker
        try:
            yield
        finally:
            if "worker" in worker_box:
                await run_in_threadpool(worker_box.pop("worker").stop)

    def worker_check() -> tuple[bool, str]:
        worker = worker_box.get("worker")
        if worker is None:
            return False, "not started"
        return (True, "ok") if worker.alive() else (False, "worker or scheduler thread stopped")

    app = FastAPI(
        title="DTM key-informant reporting",
        version=dtm.__version__,
        summary="SMS/Telegram key-informant reports in; checked, reviewed master list out.",
        lifespan=lifespan,
    )
    app.include_router(
        health.build_router(rt, extra_checks={"embedded_worker": worker_check} if embedded else None)
    )
    if "sms" in settings.enabled_channels:
        from sms_gateway.webhook import build_router as sms_router

        app.include_router(
            sms_router(auth_token=settings.effective_twilio_auth_token(), public_url=settings.public_url)
        )
    from review_ui.landing import build_router as landing_router

    app.include_router(
        landing_router(
            mode="embedded" if embedded else "production",
            public_url=settings.public_url,
            channels=sorted(settings.enabled_channels),
        )
    )
    return app
