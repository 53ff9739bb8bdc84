"""The Alembic migrations build the models' schema on SQLite and PostgreSQL, and undo it cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, pool, text

from core.models import Base
from dtm import migrate


def _clean(url: str) -> None:
    """Drop whatever earlier tests left, so the upgrade really starts from an empty database."""
    engine = create_engine(url, poolclass=pool.NullPool)
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def empty_url(database_url: str):
    _clean(database_url)
    yield database_url
    _clean(database_url)


def test_upgrade_from_empty_creates_every_model_table(empty_url):
    assert migrate.current_revision(empty_url) is None
    migrate.upgrade(empty_url)
    assert migrate.current_revision(empty_url) == migrate.head_revision()
    assert _tables(empty_url) == set(Base.metadata.tables) | {"alembic_version"}


def test_upgrade_twice_is_a_no_op(empty_url):
    migrate.upgrade(empty_url)
    migrate.upgrade(empty_url)
    assert migrate.current_revision(empty_url) == migrate.head_revision()


def test_downgrade_to_base_leaves_only_alembic_version(empty_url):
    migrate.upgrade(empty_url)
    migrate.downgrade(empty_url, "base")
    assert _tables(empty_url) == {"alembic_version"}
    assert migrate.current_revision(empty_url) is None


def test_models_and_migrations_agree(empty_url):
    migrate.upgrade(empty_url)
    engine = create_engine(empty_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], f"models differ from migrations; write a new revision: {diff}"


def test_import_alembic_finds_the_library_not_the_migrations_dir():
    # With the repo root first on sys.path (python -c from there), `alembic/` must not shadow the library.
    repo = Path(__file__).resolve().parents[2]
    code = "import alembic, alembic.command; print(alembic.__file__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip()).parent != repo / "alembic"
    assert not (repo / "alembic" / "__init__.py").exists()


def test_missing_migrations_dir_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", tmp_path / "nowhere")
    with pytest.raises(migrate.MigrationError, match="migrations not found"):
        migrate.upgrade(f"sqlite:///{tmp_path / 'x.db'}")
