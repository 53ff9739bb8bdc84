"""Read-only figures about the queue and the message tables, for readiness checks and Prometheus metrics."""

from __future__ import annotations

from dataclasses import dataclass

from redis import Redis
from rq import Worker
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import InboundMessage, OutboundMessage
from workflows.queue import QUEUE_NAMES, get_queue


@dataclass(frozen=True)
class QueueDepth:
    """How many jobs of one queue wait, run, wait for a retry, or failed for good."""

    queue: str
    queued: int
    started: int
    scheduled: int
    failed: int


def queue_depths(redis: Redis) -> list[QueueDepth]:
    """Return the depth of every named queue."""
    depths = []
    for name in QUEUE_NAMES:
        q = get_queue(redis, name)
        depths.append(
            QueueDepth(
                queue=name,
                queued=q.count,
                started=StartedJobRegistry(queue=q).count,
                scheduled=ScheduledJobRegistry(queue=q).count,
                failed=FailedJobRegistry(queue=q).count,
            )
        )
    return depths


def worker_count(redis: Redis) -> int:
    """Return how many RQ workers are registered (alive, heart-beating) on this Redis."""
    return Worker.count(connection=redis)


def message_counts(*, session: Session) -> dict[tuple[str, str], int]:
    """Return message counts keyed (direction, status), direction being inbound or outbound."""
    counts: dict[tuple[str, str], int] = {}
    for direction, model in (("inbound", InboundMessage), ("outbound", OutboundMessage)):
        for status, n in session.execute(select(model.status, func.count()).group_by(model.status)):
            counts[(direction, status)] = n
    return counts
