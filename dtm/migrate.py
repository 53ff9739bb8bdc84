"""Run the Alembic migrations in `alembic/` against a database URL, without an ini file."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import create_engine, inspect, pool

from alembic import command

# The migrations live in the repository's top-level `alembic/` directory, beside this package. That holds
# for a source checkout with an editable install (`pip install -e .`), which is how the README installs;
# a non-editable wheel would not ship them, so we say so clearly instead of failing obscurely.
SCRIPT_LOCATION = Path(__file__).resolve().parent.parent / "alembic"


class MigrationError(RuntimeError):
    """The migrations cannot be found or run; the message is one line for the operator."""


def alembic_config(url: str) -> Config:
    """Build the Alembic configuration for a database URL."""
    if not (SCRIPT_LOCATION / "env.py").is_file():
        raise MigrationError(
            f"migrations not found at {SCRIPT_LOCATION} (install from a source checkout: pip install -e .)"
        )
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    # Passed as an attribute, not `sqlalchemy.url`, because configparser would choke on '%' in passwords.
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` up to `revision` (default: the latest)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Migrate the database at `url` down to `revision` (`base` removes every table)."""
    command.downgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    """Return the revision the database is at, or None when it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    """Return the newest revision shipped with the code."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
