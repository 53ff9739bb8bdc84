"""Build the process's runtime from settings: database, queue connection (real Redis or in-process) and channels."""

from __future__ import annotations

import logging

from redis import Redis

from core.db import make_engine, make_session_factory
from dtm.settings import Settings
from workflows import runtime
from workflows.channel import Channel
from workflows.runtime import Runtime

log = logging.getLogger(__name__)

STATUS_CALLBACK_PATH = "/sms/twilio/status"


def connect_redis(settings: Settings) -> Redis:
    """Return the queue connection: DTM_REDIS_URL, or an in-process fakeredis (with Lua) when unset.

    The in-process server lives as long as the process; web, worker and scheduler threads share it.
    """
    if settings.redis_url:
        return Redis.from_url(settings.redis_url, health_check_interval=30)
    import fakeredis

    return fakeredis.FakeRedis(server=fakeredis.FakeServer())


def build_channels(settings: Settings, redis: Redis) -> dict[str, Channel]:
    """Return the sending adapters of the enabled channels.

    SMS goes through Twilio when an account is configured; in dev mode without one, replies are logged
    and recorded as sent, so a trial needs no provider account (production refuses to start instead).
    """
    from sms_gateway.channel import LoggingSmsChannel, TwilioSmsChannel

    channels: dict[str, Channel] = {}
    if "sms" in settings.enabled_channels:
        if settings.twilio_account_sid and settings.twilio_from:
            channels["sms"] = TwilioSmsChannel(
                account_sid=settings.twilio_account_sid,
                auth_token=settings.effective_twilio_auth_token(),
                from_number=settings.twilio_from,
                redis=redis,
                rate_per_second=settings.sms_rate_per_second,
                api_url=settings.twilio_api_url,
                status_callback=settings.public_url.rstrip("/") + STATUS_CALLBACK_PATH,
            )
        else:
            log.warning("no Twilio account configured: SMS replies are logged, not sent (dev mode)")
            channels["sms"] = LoggingSmsChannel()
    return channels


def build_runtime(settings: Settings, *, redis: Redis | None = None) -> Runtime:
    """Build the runtime every job and request uses, and install it for this process."""
    settings.check()
    redis = redis if redis is not None else connect_redis(settings)
    built = Runtime(
        session_factory=make_session_factory(make_engine(settings.database_url)),
        redis=redis,
        family_size=settings.family_size,
        timezone=settings.timezone,
        session_ttl_hours=settings.session_ttl_hours,
        sweep_after_seconds=settings.sweep_after_seconds,
        sms_rate_per_second=settings.sms_rate_per_second,
    )
    built.channels.update(build_channels(settings, redis))
    runtime.configure(built)
    return built


def configure_logging(settings: Settings) -> None:
    """Log to stderr at DTM_LOG_LEVEL, one line per record."""
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # RQ logs every job at INFO; at our INFO that drowns the interesting lines.
    logging.getLogger("rq.worker").setLevel(max(logging.WARNING, logging.getLogger().level))
