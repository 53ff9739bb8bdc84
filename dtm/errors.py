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


def _usage_error(exc: typer.TyperException) -> int:
    """Print a usage error as one line pointing at --help."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # `dtm` or `dtm ki` alone: Typer has printed the help
        return exc.exit_code
    where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    print(f"error: {exc.format_message()}{where}", file=sys.stderr)
    return exc.exit_code


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
        print(f"error: invalid setting DTM_{where.upper()}: {first.get('msg')}", file=sys.stderr)
        return 2
    except typer.Abort:
        print("aborted", file=sys.stderr)
        return 1
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # usage errors: a missing option, a bad value, an unknown command
        return _usage_error(exc)
    return 0
