"""The process-wide runtime (database, queue connection, channels, tunables) installed by the composition root."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis import Redis
from sqlalchemy.orm import Session, sessionmaker

from workflows.channel import Channel


@dataclass
class Runtime:
    """Everything a job needs, built from settings by `dtm` and handed down (jobs only receive ids)."""

    session_factory: sessionmaker[Session]
    redis: Redis
    channels: dict[str, Channel] = field(default_factory=dict)
    family_size: int = 6
    timezone: str = "Asia/Baghdad"
    session_ttl_hours: int = 24
    sweep_after_seconds: int = 30
    sms_rate_per_second: float = 1.0


_current: Runtime | None = None


def configure(runtime: Runtime) -> None:
    """Install the runtime for this process (called once by the composition root)."""
    global _current
    _current = runtime


def current() -> Runtime:
    """Return the installed runtime; fail loudly if the composition root forgot to install one."""
    if _current is None:
        raise RuntimeError("workflows runtime is not configured: start through the `dtm` command")
    return _current


def register_channel(name: str, channel: Channel) -> None:
    """Register the adapter that sends on a channel (`sms`, `telegram`)."""
    current().channels[name] = channel
