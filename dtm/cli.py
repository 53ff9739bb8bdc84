"""The `dtm` command line (Typer): one app, sub-commands registered from small modules."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="dtm",
    help="DTM key-informant reporting: SMS/Telegram bot, worker queue and review desk.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    """Attach the command groups; each lives in its own module."""
    from dtm import cli_data, cli_runtime

    cli_data.register(app)
    cli_runtime.register(app)
    try:
        from dtm import cli_simulate
    except ImportError:  # pragma: no cover - during bring-up only
        return
    cli_simulate.register(app)


_register()


def main() -> None:
    """Entry point of the `dtm` console script: one clear line and a non-zero exit on bad input."""
    from dtm.errors import run_cli

    sys.exit(run_cli(app))
