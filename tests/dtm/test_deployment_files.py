"""docker-compose.yml runs real `dtm` subcommands with real settings; the Dockerfile installs what they need."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from dtm.settings import Settings
from fakes.processes import run_dtm

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = {name: s for name, s in SERVICES.items() if s.get("build")}


def test_the_deployment_has_every_role():
    assert {"postgres", "redis"} <= set(SERVICES)
    roles = {name: s["command"][:2] for name, s in APP_SERVICES.items()}
    assert roles == {
        "migrate": ["dtm", "db"],
        "web": ["dtm", "serve"],
        "worker": ["dtm", "worker"],
        "scheduler": ["dtm", "scheduler"],
    }
    assert SERVICES["migrate"]["restart"] == "no"  # one-shot
    for name in ("web", "worker", "scheduler"):
        assert APP_SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_every_service_runs_a_real_dtm_command(name, tmp_path):
    command = APP_SERVICES[name]["command"]
    assert command[0] == "dtm"
    words = [w for w in command[1:] if not w.startswith("-")]
    subcommand = words[:2] if words[0] in ("db", "jobs", "simulate") else words[:1]
    options = command[1 + len(subcommand) :]
    done = run_dtm(*subcommand, "--help", env={}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for option in (o for o in options if o.startswith("--")):
        assert option in done.stdout, f"{name}: `dtm {' '.join(subcommand)}` has no option {option}"


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_services_set_only_real_settings(name):
    for key in APP_SERVICES[name]["environment"]:
        assert key.startswith("DTM_") and key[4:].lower() in Settings.model_fields, key
    assert APP_SERVICES[name]["environment"]["DTM_REDIS_URL"].startswith("redis://redis:")
    assert "@postgres:5432/" in APP_SERVICES[name]["environment"]["DTM_DATABASE_URL"]


def test_dockerfile_installs_editable_and_serves():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"pip install (--no-deps )?-e \.", text)  # migrations are found beside the packages
    cmd = re.search(r"^CMD (\[.*\])$", text, re.M)
    assert cmd and shlex.join(yaml.safe_load(cmd.group(1))) == "dtm serve --host 0.0.0.0"
