"""Runtime commands of the `dtm` CLI: serve, worker, scheduler, and the failed-jobs list."""

from __future__ import annotations

import socket

import typer

from dtm.errors import CliError
from dtm.settings import Settings

jobs_app = typer.Typer(help="Queue jobs that failed after all their retries.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Attach serve, worker, scheduler and jobs to the main app."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("scheduler")(scheduler)
    app.add_typer(jobs_app, name="jobs")


def _settings() -> Settings:
    """Read and check the settings (one clear line when something is missing)."""
    settings = Settings()  # type: ignore[call-arg]  # pydantic-settings fills fields from the environment
    settings.check()
    return settings


def _production_redis(settings: Settings, command: str):
    """Connect to DTM_REDIS_URL or explain why this command needs it."""
    if settings.embedded or settings.redis_url is None:
        raise CliError(
            f"`dtm {command}` needs DTM_REDIS_URL; without it `dtm serve` runs the queue in-process itself"
        )
    from redis import Redis
    from redis.exceptions import RedisError

    redis = Redis.from_url(settings.redis_url, health_check_interval=30)
    try:
        redis.ping()
    except RedisError as exc:
        raise CliError(f"Redis at {settings.redis_url} is not reachable: {exc}") from None
    return redis


def _check_port_free(host: str, port: int) -> None:
    """Fail with one line when the address is taken, before any start-up work is done."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CliError(
                f"cannot listen on {host}:{port}: {exc.strerror} (set DTM_PORT or --port)"
            ) from None


def serve(
    host: str = typer.Option(None, help="Address to listen on (default: DTM_HOST)."),
    port: int = typer.Option(None, help="Port to listen on (default: DTM_PORT)."),
) -> None:
    """Run the web server; without DTM_REDIS_URL also the worker and scheduler (embedded mode)."""
    import uvicorn

    from dtm.app import create_app
    from dtm.compose import configure_logging

    settings = _settings()
    configure_logging(settings)
    host, port = host or settings.host, port or settings.port
    _check_port_free(host, port)
    if not settings.embedded:
        _production_redis(settings, "serve")
    mode = "embedded: SQLite/in-process queue" if settings.embedded else "production: worker runs apart"
    typer.echo(f"dtm serve on http://{host}:{port} ({mode}; database {_safe_url(settings.database_url)})")
    app = create_app(settings, announce=typer.echo)
    # Twilio and Telegram see us through a proxy in production: trust its X-Forwarded-* headers.
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower(), proxy_headers=True)


def worker(
    burst: bool = typer.Option(False, "--burst", help="Quit when the queues are empty."),
    name: str = typer.Option(None, help="Worker name (default: random); unique per Redis."),
) -> None:
    """Process the queues (inbound first) on DTM_REDIS_URL; run as many as needed, on any machine."""
    from dtm.compose import build_runtime, configure_logging
    from dtm.worker import make_worker, sweep_at_start

    settings = _settings()
    configure_logging(settings)
    redis = _production_redis(settings, "worker")
    build_runtime(settings, redis=redis)
    sweep_at_start()
    typer.echo(
        f"dtm worker on {_safe_url(settings.redis_url or '')} (database {_safe_url(settings.database_url)})"
    )
    # with_scheduler: RQ moves this worker's retries (scheduled with back-off) back onto their queues even
    # when no `dtm scheduler` runs; several workers share that duty through RQ's per-queue locks.
    make_worker(redis, name=name).work(burst=burst, logging_level=settings.log_level, with_scheduler=True)


def scheduler() -> None:
    """Run the periodic jobs (sweeper) on DTM_REDIS_URL; several may run, each period runs once."""
    from dtm.compose import configure_logging
    from workflows.scheduler import run_forever

    settings = _settings()
    configure_logging(settings)
    redis = _production_redis(settings, "scheduler")
    typer.echo(f"dtm scheduler on {_safe_url(settings.redis_url or '')}")
    run_forever(redis)


@jobs_app.command("failed")
def jobs_failed() -> None:
    """List jobs that failed after every retry, oldest first."""
    from workflows.queue import failed_jobs

    redis = _production_redis(_settings(), "jobs failed")
    found = failed_jobs(redis)
    if not found:
        typer.echo("no failed jobs")
    for job in found:
        when = job.ended_at.isoformat(timespec="seconds") if job.ended_at else "?"
        args = ", ".join(str(a) for a in job.args)
        typer.echo(f"{when}  {job.queue:8}  {job.job_id}  {job.func}({args})  {job.error}")


@jobs_app.command("requeue")
def jobs_requeue() -> None:
    """Put every failed job back on its queue (after fixing what made it fail)."""
    from workflows.queue import requeue_failed

    redis = _production_redis(_settings(), "jobs requeue")
    typer.echo(f"requeued {requeue_failed(redis)} job(s)")


def _safe_url(url: str) -> str:
    """Render a URL without its password, for logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a Redis URL or garbage: show the scheme and host part only
        return url.split("@")[-1]
