"""Group commit for webhooks: the messages of concurrent requests are stored in one transaction.

A webhook must not be answered before its message is committed (DESIGN §3.1), but a transaction and a
queue round trip per request would cap ingest far below what the web server can parse. Requests hand
their message to one collector task per event loop, which writes what has gathered as one batch and
answers each request when the transaction holding its message has committed; the jobs are queued
after that (a queue outage is the sweeper's to repair, as everywhere). An idle server writes a lone
message at once: batching adds no wait, it only uses the wait there already is.

One batch is written at a time and the next gathers meanwhile, so batches grow with the load and each
sender's messages are committed, and numbered, in arrival order. (Writing two batches at once, split so
that parsing and writing overlap, was measured in bench/bench_sms.py's setting: no faster, as the
server process is then bound by its own CPU, not by waiting for the database.)
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
        max_batch: int = 200,
        commit: Commit = inbox.commit_inbound_many,
        enqueue: Enqueue = inbox.enqueue_inbound,
    ):
        self._max_batch = max_batch
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
        """Write what has gathered, batch after batch, for as long as the loop runs."""
        while True:
            batch = [await pending.get()]
            while len(batch) < self._max_batch and not pending.empty():
                batch.append(pending.get_nowait())
            await self._write(batch)

    async def _write(self, batch: list[Waiting]) -> None:
        """Commit a batch and answer its requests; then queue the new messages.

        When the batch fails, write its messages one by one so that one bad message fails alone.
        """
        loop = asyncio.get_running_loop()
        try:
            await run_in_threadpool(self._commit_answer_enqueue, batch, loop)
        except Exception as exc:
            if len(batch) == 1:
                log.warning("could not store inbound message %s: %s", batch[0][0].external_id, exc)
                _settle(batch[0][1], exc=exc)
                return
            log.warning("a batch of %d inbound messages failed (%s); storing one by one", len(batch), exc)
            for one in batch:
                await self._write([one])

    def _commit_answer_enqueue(self, batch: list[Waiting], loop: asyncio.AbstractEventLoop) -> None:
        """In a worker thread: commit, let the loop answer the requests, then queue (one thread hop)."""
        results = self._commit([message for message, _ in batch])
        loop.call_soon_threadsafe(_settle_all, [future for _, future in batch], results)
        new_ids = [message_id for message_id, created in results if created]
        if new_ids:
            self._enqueue(*new_ids)


def _settle_all(futures: list[asyncio.Future], results: list[tuple[int, bool]]) -> None:
    """Answer every request of a committed batch."""
    for future, result in zip(futures, results, strict=True):
        _settle(future, result=result)


def _settle(future: asyncio.Future, *, result=None, exc: BaseException | None = None) -> None:
    """Resolve a request's future unless the request went away meanwhile (its message is stored anyway)."""
    if future.done():
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)
