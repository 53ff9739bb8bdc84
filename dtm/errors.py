"""Turn expected failures into one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError

from dtm.settings import SettingsError


class CliError(Exception):
    """An error meant for the operator: printed as one line, exit code 1 (or `code`)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def run_cli(app: typer.Typer) -> int:
    """Run the Typer app, mapping known errors to one line and an exit code."""
    try:
        app(standalone_mode=False)
    except SystemExit as exc:  # pragma: no cover - typer exits itself for --help
        return int(exc.code or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        print(f"error: invalid setting {where.upper()}: {first.get('msg')}", file=sys.stderr)
        return 2
    except typer.Abort:
        print("aborted", file=sys.stderr)
        return 1
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            return exc.exit_code
        if isinstance(exc, click.exceptions.Exit):
            return exc.exit_code
        raise
    return 0
