"""The runtime commands refuse bad set-ups in one line; every command of the CLI has --help."""

from __future__ import annotations

import socket

import pytest
import typer

from dtm.cli import app
from fakes.processes import run_dtm


def _commands(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the CLI, groups included (Typer's own click has no click.Group)."""
    found = [prefix] if prefix else []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_the_cli_has_the_commands_of_the_design():
    expected = {
        ("db", "upgrade"),
        ("gazetteer", "load"),
        ("user", "add"),
        ("user", "token"),
        ("ki", "add"),
        ("ki", "import"),
        ("round", "open"),
        ("serve",),
        ("worker",),
        ("scheduler",),
        ("jobs", "failed"),
        ("jobs", "requeue"),
        ("simulate", "sms"),
    }
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command, tmp_path):
    done = run_dtm(*command, "--help", env={}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Usage: dtm " + " ".join(command) in done.stdout


def _one_line(done, *needles: str, code: int) -> None:
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    for needle in needles:
        assert needle in done.stderr


def test_production_without_secrets_does_not_start(tmp_path):
    done = run_dtm("serve", env={"DTM_ENV": "production"}, cwd=tmp_path)
    _one_line(done, "DTM_SECRET_KEY", "DTM_TWILIO_AUTH_TOKEN", "DTM_TWILIO_FROM", code=2)
    env = {"DTM_ENV": "production", "DTM_SECRET_KEY": "s", "DTM_CHANNELS": "sms,telegram"}
    done = run_dtm("worker", env=env, cwd=tmp_path)
    _one_line(done, "DTM_TELEGRAM_TOKEN", "DTM_TELEGRAM_WEBHOOK_SECRET", code=2)
    assert not (tmp_path / "dtm.db").exists()  # refused before touching anything


def test_bad_setting_values_are_one_line(tmp_path):
    _one_line(run_dtm("serve", env={"DTM_LOG_LEVEL": "loud"}, cwd=tmp_path), "DTM_LOG_LEVEL", code=2)
    _one_line(run_dtm("serve", env={"DTM_PORT": "eighty"}, cwd=tmp_path), "DTM_PORT", code=2)
    _one_line(run_dtm("serve", env={"DTM_CHANNELS": "sms,fax"}, cwd=tmp_path), "fax", code=2)


def test_a_taken_port_is_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_dtm("serve", "--port", str(port), env={}, cwd=tmp_path)
    _one_line(done, f"cannot listen on 127.0.0.1:{port}", code=1)


def test_unreachable_redis_is_one_line(tmp_path):
    done = run_dtm("worker", env={"DTM_REDIS_URL": "redis://127.0.0.1:9/0"}, cwd=tmp_path)
    _one_line(done, "Redis at redis://127.0.0.1:9/0 is not reachable", code=1)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("ki", "add"), "Missing option '--name'. (see `dtm ki add --help`)"),
        (("nosuch",), "No such command 'nosuch'. (see `dtm --help`)"),
        (("round", "open", "--number", "x"), "Invalid value for '--number'"),
        (("simulate", "sms", "hi"), "Missing option '--from'"),
    ],
)
def test_usage_errors_are_one_line(args, needle, tmp_path):
    _one_line(run_dtm(*args, env={}, cwd=tmp_path), needle, code=2)


def test_a_bare_group_shows_its_help(tmp_path):
    done = run_dtm("ki", env={}, cwd=tmp_path)
    assert "Usage: dtm ki" in done.stdout and "import" in done.stdout and "Traceback" not in done.stderr
