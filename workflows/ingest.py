"""Group commit for webhooks: the messages of concurrent requests are stored in one transaction.

A webhook must not be answered before its message is committed (DESIGN §3.1), but a transaction and a
queue round trip per request would cap ingest far below what the web server can parse. Requests hand
their message to one collector task per event loop, which writes what has gathered as one batch and
answers each request when the transaction holding its message has committed; the jobs are queued
after that (a queue outage is the sweeper's to repair, as everywhere). An idle server writes a lone
message at once: batching adds no wait, it only uses the wait there already is.

A few batches are written at a time so that parsing requests and writing overlap, but never two holding
messages of the same sender: a sender's messages are committed, and so numbered, in arrival order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from fastapi.concurrency import run_in_threadpool

from workflows import inbox
from workflows.inbox import Delivered

log = logging.getLogger(__name__)

Commit = Callable[[Sequence[Delivered]], list[tuple[int, bool]]]
Enqueue = Callable[..., bool]
Waiting = tuple[Delivered, asyncio.Future]


class InboundCollector:
    """Stores delivered messages in batches: `await accept(msg)` returns (message id, created)."""

    def __init__(
        self,
        *,
        max_batch: int = 100,
        max_in_flight: int = 3,
        commit: Commit = inbox.commit_inbound_many,
        enqueue: Enqueue = inbox.enqueue_inbound,
    ):
        self._max_batch = max_batch
        self._max_in_flight = max_in_flight
        self._commit = commit
        self._enqueue = enqueue
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending: asyncio.Queue[Waiting] | None = None
        self._task: asyncio.Task | None = None

    async def accept(self, message: Delivered) -> tuple[int, bool]:
        """Store one message with whatever else is waiting; raise what the store raised for it."""
        pending = self._queue_for_this_loop()
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        pending.put_nowait((message, future))
        return await future

    def _queue_for_this_loop(self) -> asyncio.Queue[Waiting]:
        """Return the queue of the running loop, starting its collector task (tests run several loops)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._task is None or self._task.done():
            self._loop = loop
            self._pending = asyncio.Queue()
            self._task = loop.create_task(self._collect(self._pending), name="dtm-inbound-collector")
        assert self._pending is not None
        return self._pending

    async def _collect(self, pending: asyncio.Queue[Waiting]) -> None:
        """Form batches from what has gathered and write up to `max_in_flight` of them at a time."""
        held: list[Waiting] = []  # taken from the queue, not yet in a batch, in arrival order
        busy: set[str] = set()  # senders with a message in a batch being written
        changed = asyncio.Event()  # a batch finished: a slot and perhaps some senders are free
        writing: set[asyncio.Task] = set()
        while True:
            if not held:
                held.append(await pending.get())
            while not pending.empty():
                held.append(pending.get_nowait())
            batch, held = self._take_batch(held, busy) if len(writing) < self._max_in_flight else ([], held)
            if not batch:
                changed.clear()
                await changed.wait()
                continue
            senders = {message.urn for message, _ in batch}
            busy.update(senders)
            task = asyncio.get_running_loop().create_task(self._write(batch))
            writing.add(task)

            def finished(task: asyncio.Task, senders: set[str] = senders) -> None:
                writing.discard(task)
                busy.difference_update(senders)
                changed.set()

            task.add_done_callback(finished)

    def _take_batch(self, held: list[Waiting], busy: set[str]) -> tuple[list[Waiting], list[Waiting]]:
        """Split `held` into a batch and the rest, leaving out senders being written (and all after them)."""
        batch: list[Waiting] = []
        rest: list[Waiting] = []
        blocked = set(busy)
        for waiting in held:
            urn = waiting[0].urn
            if urn in blocked or len(batch) >= self._max_batch:
                blocked.add(urn)  # a later message of this sender must not overtake this one
                rest.append(waiting)
            else:
                batch.append(waiting)
        return batch, rest

    async def _write(self, batch: list[Waiting]) -> None:
        """Commit a batch and answer its requests; then queue the new messages.

        When the batch fails, write its messages one by one so that one bad message fails alone.
        """
        try:
            results = await run_in_threadpool(self._commit, [message for message, _ in batch])
        except Exception as exc:
            if len(batch) == 1:
                log.warning("could not store inbound message %s: %s", batch[0][0].external_id, exc)
                _settle(batch[0][1], exc=exc)
                return
            log.warning("a batch of %d inbound messages failed (%s); storing one by one", len(batch), exc)
            for one in batch:
                await self._write([one])
            return
        for (_, future), result in zip(batch, results, strict=True):
            _settle(future, result=result)
        new_ids = [message_id for message_id, created in results if created]
        if new_ids:
            await run_in_threadpool(self._enqueue, *new_ids)


def _settle(future: asyncio.Future, *, result=None, exc: BaseException | None = None) -> None:
    """Resolve a request's future unless the request went away meanwhile (its message is stored anyway)."""
    if future.done():
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)
