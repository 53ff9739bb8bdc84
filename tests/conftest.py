"""Shared fixtures: real PostgreSQL and Redis from DTM_TEST_* (skip without them, fail under CI), SQLite too."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.db import make_engine, make_session_factory
from core.models import Base


def _service_url(var: str, what: str) -> str:
    """Return a test service URL, skipping without it, or failing when CI demands real services."""
    url = os.environ.get(var)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{var} is not set but CI is: {what} tests must run against the real service")
    pytest.skip(f"{var} not set: no {what} to test against")


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """URL of the PostgreSQL test database given by DTM_TEST_DATABASE_URL."""
    return _service_url("DTM_TEST_DATABASE_URL", "PostgreSQL")


@pytest.fixture(scope="session")
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A private PostgreSQL database for this test session, dropped at the end (runs may overlap)."""
    base = make_url(pg_server_url)
    name = f"dtm_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def redis_url() -> str:
    """URL of the Redis test database (DTM_TEST_REDIS_URL), flushed before each test."""
    url = _service_url("DTM_TEST_REDIS_URL", "Redis")
    from redis import Redis

    Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def redis_conn(redis_url: str):
    """A real Redis connection on the test database."""
    from redis import Redis

    conn = Redis.from_url(redis_url)
    yield conn
    conn.close()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A fresh SQLite database file."""
    return f"sqlite:///{tmp_path / 'dtm.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    """Each test using this runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dtm.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def engine(database_url: str):
    """An engine with the schema freshly created from the models."""
    eng = make_engine(database_url)
    Base.metadata.drop_all(eng)
    Base.metadata.create_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine):
    """A session factory on the fresh schema."""
    return make_session_factory(engine)
