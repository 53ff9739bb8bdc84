"""Group commit of inbound messages: batches form under load, a sender's order holds, a bad message fails alone."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from core.models import InboundMessage
from fakes.runtime import rt  # noqa: F401 - fixture
from workflows import inbox, queue
from workflows.inbox import Delivered
from workflows.ingest import InboundCollector


def delivered(sender: int, n: int, **kw) -> Delivered:
    """Return message n of sender `sender`."""
    fields = {"payload": {"Body": f"msg {n}"}} | kw
    return Delivered("sms", f"SM-{sender}-{n}", f"tel:+96477010000{sender:02d}", f"msg {n}", **fields)


class RecordingCommit:
    """The real commit, noting how many messages each transaction held."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def __call__(self, items):
        self.sizes.append(len(items))
        return inbox.commit_inbound_many(items)


def stored(rt) -> list[tuple[int, str, str]]:  # noqa: F811
    """Return (id, urn, external id) of every stored message, by id."""
    with rt.session_factory() as session:
        rows = session.execute(
            select(InboundMessage.id, InboundMessage.urn, InboundMessage.external_id).order_by(
                InboundMessage.id
            )
        )
        return [tuple(r) for r in rows]


async def queued_ids(rt, expected: set[int]) -> set[int]:  # noqa: F811
    """Wait for jobs queued after the answer (at most 5 s); return the message ids they cover."""
    for _ in range(100):
        if queue.live_job_ids(rt.redis, queue.INBOUND, inbox.HANDLE_INBOUND) >= expected:
            break
        await asyncio.sleep(0.05)
    return queue.live_job_ids(rt.redis, queue.INBOUND, inbox.HANDLE_INBOUND)


def test_concurrent_messages_share_transactions_and_keep_each_senders_order(rt):  # noqa: F811
    """200 messages from 10 senders at once: few transactions, every message stored and queued once,
    and each sender's messages numbered in the order they arrived."""
    commit = RecordingCommit()
    collector = InboundCollector(commit=commit, max_batch=30)  # several batches: order across them counts
    messages = [delivered(n % 10, n) for n in range(200)]

    async def run():
        results = await asyncio.gather(*(collector.accept(m) for m in messages))
        return results, await queued_ids(rt, {mid for mid, _ in results})

    results, queued = asyncio.run(run())
    assert all(created for _, created in results)
    assert len({mid for mid, _ in results}) == 200
    assert sum(commit.sizes) == 200 and len(commit.sizes) < 200 / 5, commit.sizes
    assert max(commit.sizes) <= 30
    rows = stored(rt)
    assert len(rows) == 200
    for sender in range(10):
        urn = f"tel:+96477010000{sender:02d}"
        numbers = [int(ext.rsplit("-", 1)[1]) for _, u, ext in rows if u == urn]
        assert numbers == sorted(numbers), f"{urn} stored out of arrival order: {numbers}"
    assert queued == {mid for mid, _ in results}
    jobs = queue.get_queue(rt.redis, queue.INBOUND).jobs
    assert len(jobs) == len(commit.sizes)  # one job per transaction, carrying its messages' ids


def test_retries_inside_one_batch_store_one_message(rt):  # noqa: F811
    """The same provider id three times at once: one row, one job, the same id for all three answers."""
    collector = InboundCollector()
    message = delivered(1, 1)

    async def run():
        results = await asyncio.gather(*(collector.accept(message) for _ in range(3)))
        return results, await queued_ids(rt, {results[0][0]})

    results, queued = asyncio.run(run())
    assert len({mid for mid, _ in results}) == 1
    assert [created for _, created in results] == [True, False, False]
    assert len(stored(rt)) == 1 and queued == {results[0][0]}
    assert [job.args for job in queue.get_queue(rt.redis, queue.INBOUND).jobs] == [[results[0][0]]]


def test_a_bad_message_fails_alone(rt):  # noqa: F811
    """A message the database refuses fails its own request only; the others of its batch are stored."""
    collector = InboundCollector()
    good = [delivered(1, n) for n in range(5)]
    bad = delivered(2, 99, payload={"not json": object()})

    async def run():
        return await asyncio.gather(*(collector.accept(m) for m in [*good, bad]), return_exceptions=True)

    results = asyncio.run(run())
    assert all(isinstance(r, tuple) and r[1] for r in results[:5])
    assert isinstance(results[5], Exception)
    assert [ext for _, _, ext in stored(rt)] == [m.external_id for m in good]


def test_a_lone_message_is_written_at_once(rt):  # noqa: F811
    """On an idle server the batch is the one message: no waiting for company."""
    commit = RecordingCommit()
    collector = InboundCollector(commit=commit)

    async def run():
        first = await collector.accept(delivered(1, 1))
        second = await collector.accept(delivered(1, 2))
        return first, second

    first, second = asyncio.run(run())
    assert commit.sizes == [1, 1]
    assert first[0] < second[0]


def test_one_sender_burst_is_stored_in_order(rt):  # noqa: F811
    """Many messages of one sender over several batches: ids follow arrival order."""
    collector = InboundCollector(max_batch=4)
    messages = [delivered(3, n) for n in range(40)]

    async def run():
        return await asyncio.gather(*(collector.accept(m) for m in messages))

    results = asyncio.run(run())
    ids = [mid for mid, _ in results]
    assert ids == sorted(ids)


def test_nul_characters_are_dropped_not_fatal(rt):  # noqa: F811
    """A body with a NUL character (which PostgreSQL text cannot hold) is stored without it."""
    collector = InboundCollector()
    message = delivered(4, 1, payload={"Body": "DTM\x00 F 12"})
    message = Delivered(message.channel, message.external_id, message.urn, "DTM\x00 F 12", message.payload)

    async def run():
        return await collector.accept(message)

    message_id, created = asyncio.run(run())
    with rt.session_factory() as session:
        stored_message = session.get(InboundMessage, message_id)
    assert created and stored_message.text == "DTM F 12"
    assert stored_message.payload == {"Body": "DTM F 12"}
