"""SMS benchmark (prints figures; not a test): webhook ingest vs a bare FastAPI form endpoint, end-to-end
messages/s with 1 and 2 worker processes, and latency from webhook accepted to reply row queued.

Needs PostgreSQL and Redis (loopback only):

    DTM_BENCH_DATABASE_URL=postgresql+psycopg://dtm:dtm@127.0.0.1:5432/dtm_test \
    DTM_BENCH_REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/bench_sms.py

A private database is created and dropped; the Redis database is flushed. Servers are uvicorn processes
(one each, same settings for both apps); load comes from a separate process speaking HTTP/1.1 keep-alive
over raw asyncio streams, so the client is never the bottleneck it would be with httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request, Response  # module level: the bare endpoint's annotations need them

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOKEN = "bench-token"
PUBLIC = "https://dtm.example.org"
N_KIS = 300
PY = sys.executable


# ---------------------------------------------------------------- child processes


def serve(kind: str, port: int, database_url: str, redis_url: str) -> None:
    """Serve the real Twilio webhook (database + queue), the webhook with storage skipped (signature and
    batching only: where the rest of the cost is), or a bare form endpoint, with uvicorn."""
    import uvicorn

    from sms_gateway.webhook import EMPTY_TWIML

    if kind == "bare":
        app = FastAPI()

        @app.post("/sms/twilio")
        async def bare(request: Request) -> Response:
            await request.form()
            return Response(EMPTY_TWIML, media_type="text/xml")

    else:
        from redis import Redis

        from core.db import make_engine, make_session_factory
        from sms_gateway.webhook import build_router
        from workflows import runtime
        from workflows.runtime import Runtime

        runtime.configure(
            Runtime(
                session_factory=make_session_factory(make_engine(database_url)),
                redis=Redis.from_url(redis_url),
            )
        )
        app = FastAPI()
        collector = None
        if kind == "nostore":
            from workflows.ingest import InboundCollector

            collector = InboundCollector(commit=lambda items: [(0, False)] * len(items))
        app.include_router(build_router(auth_token=TOKEN, public_url=PUBLIC, collector=collector))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def work(database_url: str, redis_url: str, burst: bool) -> None:
    """Run one RQ worker the way `dtm worker` does (all queues, inbound first), dev SMS channel."""
    from redis import Redis

    from core.db import make_engine, make_session_factory
    from dtm.worker import make_worker
    from sms_gateway.channel import LoggingSmsChannel
    from workflows import runtime
    from workflows.runtime import Runtime

    redis = Redis.from_url(redis_url)
    runtime.configure(
        Runtime(
            session_factory=make_session_factory(make_engine(database_url)),
            redis=redis,
            channels={"sms": LoggingSmsChannel()},
            sms_rate_per_second=1e6,
        )
    )
    make_worker(redis).work(burst=burst, logging_level="ERROR", with_scheduler=False)


async def _load(port: int, requests: list[bytes], concurrency: int, rate: float | None) -> dict:
    """Send the raw requests over `concurrency` keep-alive connections; return count, seconds, errors."""
    todo = iter(requests)
    errors = 0
    start = time.perf_counter()
    sent = 0

    async def conn() -> None:
        nonlocal errors, sent
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for raw in todo:
            if rate:  # paced: request k goes out at start + k/rate
                sent += 1
                delay = start + sent / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            if status != 200:
                errors += 1
        writer.close()

    await asyncio.gather(*(conn() for _ in range(concurrency)))
    return {"count": len(requests), "seconds": time.perf_counter() - start, "errors": errors}


def load(port: int, path: str, concurrency: int, rate: float) -> None:
    """Load generator process: read raw requests from a file, send them, print JSON figures."""
    requests = [r.encode("latin-1") for r in json.loads(Path(path).read_text())]
    print(json.dumps(asyncio.run(_load(port, requests, concurrency, rate or None))))


# ---------------------------------------------------------------- orchestration


def phone(i: int) -> str:
    """Return the phone number of bench KI i."""
    return f"+9647701{i:06d}"


def raw_requests(port: int, texts: list[tuple[str, str]]) -> list[str]:
    """Build signed Twilio webhook requests (sender, text) as raw HTTP/1.1 text."""
    from sms_gateway.signature import sign

    out = []
    for sender, text in texts:
        sid = "SM" + uuid.uuid4().hex
        form = {
            "MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32, "From": sender,
            "To": "+9647800000000", "Body": text, "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01",
        }  # fmt: skip
        body = urlencode(form)
        head = (
            f"POST /sms/twilio HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Twilio-Signature: {sign(TOKEN, PUBLIC + '/sms/twilio', form)}\r\n"
            f"Content-Length: {len(body.encode())}\r\n\r\n"
        )
        out.append(head + body)
    return out


def compact_reports(n: int, offset: int = 0) -> list[tuple[str, str]]:
    """Return n compact reports spread over the bench KIs (some name the place, most leave it out)."""
    out = []
    for k in range(offset, offset + n):
        i = k % N_KIS
        fam = 40 + k % 50
        text = f"DTM {100001 + i % 43} F {fam} I {fam * 6}" if k % 3 == 0 else f"dtm f{fam} i{fam * 5} n 1 2"
        out.append((phone(i), text))
    return out


def start_server(kind: str, port: int, db: str, redis: str) -> subprocess.Popen:
    """Start a server process and wait until it answers."""
    import httpx

    proc = subprocess.Popen([PY, __file__, "_serve", kind, str(port), db, redis])
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=0.5)
            return proc
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{kind} server did not start")


def run_load(port: int, requests: list[str], concurrency: int = 32, rate: float = 0.0) -> dict:
    """Run the load generator in its own process."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(requests, fh)
    try:
        out = subprocess.run(
            [PY, __file__, "_load", str(port), fh.name, str(concurrency), str(rate)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    finally:
        os.unlink(fh.name)
    return json.loads(out.stdout)


def free_port() -> int:
    """Return a free loopback port."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(db_url: str, redis_url: str) -> None:
    """Create the schema, gazetteer, an open round and the bench KIs; flush Redis."""
    from redis import Redis

    from core.db import make_engine, make_session_factory
    from core.gazetteer import load_gazetteer
    from core.gazetteer_csv import load_demo_locations
    from core.informants import add_ki
    from core.models import Base
    from core.rounds import open_round

    Redis.from_url(redis_url).flushdb()
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)
    with make_session_factory(engine)() as session, session.begin():
        load_gazetteer(session)
        load_demo_locations(session)
        open_round(session)
        for i in range(N_KIS):
            add_ki(session, name=f"KI {i}", phone=phone(i), language="en", place_ids=[100001 + i % 43])
    engine.dispose()


def reset_messages(db_url: str, redis_url: str) -> None:
    """Forget messages, reports and conversations between phases."""
    from redis import Redis
    from sqlalchemy import text

    from core.db import make_engine

    Redis.from_url(redis_url).flushdb()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE report_messages, report_needs, report_origins, report_shelters, reports, "
                "outbound_messages, inbound_messages, conversations RESTART IDENTITY CASCADE"
            )
        )
    engine.dispose()


def db_scalar(db_url: str, sql: str):
    """Run one query and return its single value."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar()
    engine.dispose()
    return value


def bench_ingest(db: str, redis: str, n: int, rounds: int = 3) -> dict[str, float]:
    """Return the best requests/s of the bare endpoint, the webhook without storage and the real webhook."""
    best = {"bare": 0.0, "nostore": 0.0, "real": 0.0}
    for _ in range(rounds):
        for kind in best:
            port = free_port()
            proc = start_server(kind, port, db, redis)
            try:
                run_load(port, raw_requests(port, compact_reports(300, offset=10_000)))  # warm-up
                result = run_load(port, raw_requests(port, compact_reports(n)))
            finally:
                proc.terminate()
                proc.wait()
            assert result["errors"] == 0, result
            best[kind] = max(best[kind], result["count"] / result["seconds"])
            reset_messages(db, redis)
    return best


def bench_workers(db: str, redis: str, n: int, workers: int) -> dict:
    """Ingest n reports with no worker running, then time `workers` burst workers draining them."""
    port = free_port()
    proc = start_server("real", port, db, redis)
    try:
        run_load(port, raw_requests(port, compact_reports(n)))
    finally:
        proc.terminate()
        proc.wait()
    start = time.perf_counter()
    procs = [subprocess.Popen([PY, __file__, "_work", db, redis, "burst"]) for _ in range(workers)]
    inbound_done = None
    while any(p.poll() is None for p in procs):
        if inbound_done is None and not db_scalar(
            db, "SELECT count(*) FROM inbound_messages WHERE status = 'received'"
        ):
            inbound_done = time.perf_counter() - start
        time.sleep(0.05)
    total = time.perf_counter() - start
    inbound_done = inbound_done or total
    failed = db_scalar(db, "SELECT count(*) FROM inbound_messages WHERE status <> 'processed'")
    reports = db_scalar(db, "SELECT count(*) FROM reports")
    reset_messages(db, redis)
    return {
        "inbound_per_s": n / inbound_done,
        "with_sends_per_s": n / total,
        "not_processed": failed,
        "reports": reports,
    }


def bench_latency(db: str, redis: str, n: int, rate: float) -> dict:
    """With 2 workers running, send n reports at `rate`/s; return p50/p99 webhook-accepted -> reply-queued."""
    port = free_port()
    server = start_server("real", port, db, redis)
    procs = [subprocess.Popen([PY, __file__, "_work", db, redis, "forever"]) for _ in range(2)]
    try:
        time.sleep(2)  # workers up
        run_load(port, raw_requests(port, compact_reports(n)), concurrency=8, rate=rate)
        deadline = time.monotonic() + 60
        while db_scalar(db, "SELECT count(*) FROM inbound_messages WHERE status = 'received'"):
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
    finally:
        for p in [server, *procs]:
            p.terminate()
        for p in [server, *procs]:
            p.wait()
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    with engine.connect() as conn:
        rows = (
            conn.execute(
                text(
                    "SELECT EXTRACT(EPOCH FROM (o.created_at - i.received_at)) FROM outbound_messages o "
                    "JOIN inbound_messages i ON i.id = o.in_reply_to_id"
                )
            )
            .scalars()
            .all()
        )
    engine.dispose()
    reset_messages(db, redis)
    ms = sorted(float(r) * 1000 for r in rows)
    return {
        "replies": len(ms),
        "p50_ms": statistics.median(ms),
        "p99_ms": ms[min(len(ms) - 1, int(len(ms) * 0.99))],
    }


def main() -> None:
    """Run every phase and print the figures."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest", type=int, default=3000, help="requests per ingest run")
    parser.add_argument("--messages", type=int, default=2000, help="reports per worker run")
    parser.add_argument("--latency-rate", type=float, default=50.0, help="reports/s in the latency run")
    parser.add_argument(
        "--phases", default="ingest,e2e,latency", help="comma-separated subset of ingest,e2e,latency"
    )
    args = parser.parse_args()
    server_url = os.environ.get("DTM_BENCH_DATABASE_URL") or os.environ.get("DTM_TEST_DATABASE_URL")
    redis = os.environ.get("DTM_BENCH_REDIS_URL") or os.environ.get("DTM_TEST_REDIS_URL")
    if not server_url or not redis:
        sys.exit("set DTM_BENCH_DATABASE_URL and DTM_BENCH_REDIS_URL (PostgreSQL and Redis)")
    name = f"dtm_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        setup(db, redis)
        print(f"machine: {os.cpu_count()} CPUs; PostgreSQL + Redis on loopback; {N_KIS} KIs, 43 locations")
        phases = set(args.phases.split(","))
        if "ingest" in phases:
            rates = bench_ingest(db, redis, args.ingest)
            bare = rates["bare"]
            print(f"ingest  bare FastAPI form endpoint : {bare:8.0f} req/s")
            print(
                f"ingest  /sms/twilio, storage skipped: {rates['nostore']:7.0f} req/s   "
                f"ratio {rates['nostore'] / bare:.2f} (signature check and batching only)"
            )
            print(
                f"ingest  /sms/twilio (PG + Redis)   : {rates['real']:8.0f} req/s   "
                f"ratio {rates['real'] / bare:.2f} (target >= 0.5)"
            )
        for workers in (1, 2) if "e2e" in phases else ():
            r = bench_workers(db, redis, args.messages, workers)
            print(
                f"e2e     {workers} worker(s): {r['inbound_per_s']:6.0f} msg/s processed (report + reply queued), "
                f"{r['with_sends_per_s']:6.0f} msg/s incl. sending replies; "
                f"{r['reports']} reports, {r['not_processed']} not processed"
            )
        if "latency" not in phases:
            return
        lat = bench_latency(db, redis, int(args.latency_rate * 10), args.latency_rate)
        print(
            f"latency 2 workers at {args.latency_rate:g} msg/s: webhook accepted -> reply queued "
            f"p50 {lat['p50_ms']:.0f} ms, p99 {lat['p99_ms']:.0f} ms ({lat['replies']} replies)"
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_serve":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    elif len(sys.argv) > 1 and sys.argv[1] == "_work":
        work(sys.argv[2], sys.argv[3], sys.argv[4] == "burst")
    elif len(sys.argv) > 1 and sys.argv[1] == "_load":
        load(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
    else:
        main()
