"""Data commands of the `dtm` CLI: db upgrade, gazetteer load, user add/token, ki add/import, round open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import typer
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dtm.errors import CliError
from dtm.settings import Settings

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
gazetteer_app = typer.Typer(help="Governorates, districts and locations.", no_args_is_help=True)
user_app = typer.Typer(help="Staff users and API tokens.", no_args_is_help=True)
ki_app = typer.Typer(help="Key informants.", no_args_is_help=True)
round_app = typer.Typer(help="Data-collection rounds.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Attach the data command groups to the main app."""
    app.add_typer(db_app, name="db")
    app.add_typer(gazetteer_app, name="gazetteer")
    app.add_typer(user_app, name="user")
    app.add_typer(ki_app, name="ki")
    app.add_typer(round_app, name="round")


def _one_line(text: object) -> str:
    """Squash a (driver) message to its first line: the CLI promises one line per error."""
    return next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "unknown error")


def _database_url() -> str:
    """The configured database URL (DTM_DATABASE_URL, .env, or the SQLite default)."""
    return Settings().database_url  # type: ignore[call-arg]  # pydantic-settings fills fields from the env


@contextmanager
def _session() -> Iterator[Session]:
    """A committed unit of work on the configured database; known failures become CliError."""
    from core.db import make_engine, make_session_factory, session_scope
    from core.inputs import InputError

    engine = make_engine(_database_url())
    try:
        with session_scope(make_session_factory(engine)) as session:
            yield session
    except InputError as exc:
        raise CliError(str(exc)) from None
    except DBAPIError as exc:
        hint = (
            " (run `dtm db upgrade` first?)"
            if "no such table" in str(exc) or "does not exist" in str(exc)
            else ""
        )
        raise CliError(f"database error: {_one_line(exc.orig)}{hint}") from None
    finally:
        engine.dispose()


def _existing_file(path: Path) -> Path:
    """Check a file given on the command line exists, as one clear line."""
    if not path.is_file():
        raise CliError(f"file not found: {path}")
    return path


@db_app.command("upgrade")
def db_upgrade(
    revision: str = typer.Option("head", help="Target revision (default: the latest)."),
) -> None:
    """Create or migrate the database schema (DTM_DATABASE_URL) to the latest version."""
    from dtm import migrate

    url = _database_url()
    try:
        migrate.upgrade(url, revision)
    except migrate.MigrationError as exc:
        raise CliError(str(exc)) from None
    except DBAPIError as exc:
        raise CliError(f"migration failed: {_one_line(exc.orig)}") from None
    except Exception as exc:  # alembic raises CommandError & co. for a bad revision
        from alembic.util import CommandError

        if isinstance(exc, CommandError):
            raise CliError(f"migration failed: {_one_line(str(exc))}") from None
        raise
    typer.echo(f"database at revision {migrate.current_revision(url)}")


@gazetteer_app.command("load")
def gazetteer_load(
    locations: Path | None = typer.Option(
        None,
        "--locations",
        help="CSV of locations: place_id,name_en,name_ar,lat,lon,district_pcode[,name_ckb,aliases].",
    ),
    demo: bool = typer.Option(
        False, "--demo", help="Also load the SYNTHETIC demo locations (for trials only)."
    ),
) -> None:
    """Load the 18 governorates and 101 districts (idempotent), and optionally locations."""
    from core.gazetteer import load_demo_locations, load_gazetteer, load_locations_csv

    if locations is not None:
        _existing_file(locations)
    with _session() as session:
        typer.echo(f"admin areas: {load_gazetteer(session)}")
        if demo:
            typer.echo(f"demo locations (synthetic): {load_demo_locations(session)}")
        if locations is not None:
            typer.echo(f"locations from {locations.name}: {load_locations_csv(session, locations)}")


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., "--role", help="reviewer, coordinator or admin."),
    governorate: list[str] = typer.Option(
        [], "--governorate", "-g", help="Governorate in scope (P-code, ISO code or name); repeat for more."
    ),
    password: str | None = typer.Option(None, "--password", help="Password (prompted when left out)."),
    full_name: str | None = typer.Option(None, "--name", help="Full name."),
) -> None:
    """Create a staff user with a role and governorate scope (admins see all governorates)."""
    from core.staff import create_staff

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _session() as session:
        user = create_staff(
            session,
            username=username,
            role=role,
            password=password,
            governorates=governorate,
            full_name=full_name,
        )
        scope = "all governorates" if role == "admin" else ", ".join(a.pcode for a in user.governorates)
        typer.echo(f"created {role} {user.username} ({scope})")


@user_app.command("token")
def user_token(
    username: str = typer.Argument(..., help="Login name of an existing user."),
    name: str = typer.Option("cli", "--name", help="Label to tell the token apart later."),
) -> None:
    """Issue an API token for a user and print it once (only its hash is stored)."""
    from core.staff import get_staff, issue_token

    with _session() as session:
        token = issue_token(session, staff=get_staff(session, username), name=name)
    typer.echo(token)


@ki_app.command("add")
def ki_add(
    name: str = typer.Option(..., "--name", help="Full name."),
    phone: str | None = typer.Option(
        None, "--phone", help="Phone, local (0770...) or international (+964...)."
    ),
    telegram: str | None = typer.Option(None, "--telegram", help="Telegram user id (digits)."),
    lang: str = typer.Option("ar", "--lang", help="en, ar or ckb."),
    location: list[str] = typer.Option(
        [], "--location", "-l", help="Place ID the KI reports for; repeat for more."
    ),
    role: str | None = typer.Option(None, "--role", help="e.g. mukhtar, council member."),
) -> None:
    """Register a key informant with a phone and/or Telegram id and their locations."""
    from core.informants import add_ki

    if not location:
        raise CliError("give at least one --location PLACEID")
    with _session() as session:
        ki = add_ki(
            session,
            name=name,
            phone=phone,
            telegram_id=telegram,
            language=lang,
            place_ids=location,
            role=role,
        )
        urns = ", ".join(u.urn for u in ki.urns)
        places = ", ".join(str(loc.place_id) for loc in ki.locations)
        typer.echo(f"created key informant #{ki.id} {ki.name} ({urns}) for {places}")


@ki_app.command("import")
def ki_import(
    file: Path = typer.Argument(
        ..., help="CSV: name,phone,telegram,language,place_ids[,role]; place_ids split by |."
    ),
) -> None:
    """Import key informants from CSV; the whole file is refused if any row is bad."""
    from core.informants import import_kis_csv

    _existing_file(file)
    with _session() as session:
        typer.echo(f"key informants from {file.name}: {import_kis_csv(session, file)}")


@round_app.command("open")
def round_open(
    number: int | None = typer.Option(None, "--number", help="Round number (default: last + 1)."),
    start: str | None = typer.Option(None, "--start", help="Start date YYYY-MM-DD (default: today)."),
) -> None:
    """Open a new round and close the one open before it."""
    from core.rounds import open_round

    starts_on = None
    if start is not None:
        try:
            starts_on = date.fromisoformat(start)
        except ValueError:
            raise CliError(f"bad --start date {start!r} (use YYYY-MM-DD)") from None
    with _session() as session:
        rnd = open_round(session, number=number, starts_on=starts_on)
        typer.echo(f"round {rnd.number} open from {rnd.starts_on}")
