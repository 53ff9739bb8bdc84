"""Alembic environment: migrate the database given by `dtm db upgrade` (or DTM_DATABASE_URL) to the models."""

from __future__ import annotations

import os
from logging.config import fileConfig

from sqlalchemy import create_engine, pool

from alembic import context
from core.models import Base

config = context.config
# Only the `alembic` command line has an ini file with logging; dtm.migrate runs quietly.
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    """The database URL: set by dtm.migrate, else the ini file, else DTM_DATABASE_URL."""
    url = (
        config.attributes.get("url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("DTM_DATABASE_URL")
    )
    if not url:
        raise RuntimeError("no database URL: set DTM_DATABASE_URL or use `dtm db upgrade`")
    return url


def _configure(**kwargs) -> None:
    """Configure the migration context the same way online and offline."""
    context.configure(
        target_metadata=target_metadata,
        # Batch mode lets SQLite (no ALTER COLUMN) take the same migrations as PostgreSQL.
        render_as_batch=True,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (`alembic upgrade head --sql`)."""
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on a connection handed over by the caller, or on a fresh engine."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            _configure(connection=conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
