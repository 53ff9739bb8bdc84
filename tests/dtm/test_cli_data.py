"""The real `dtm` console script: data commands work end to end; bad input is one line, never a traceback."""

from __future__ import annotations

import os
import subprocess

import pytest

from fakes.processes import dtm_command


@pytest.fixture
def dtm(tmp_path):
    """Run `dtm ...` in a temporary directory against a temporary SQLite database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTM_")}
    env["DTM_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [*dtm_command(), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        if ok:
            assert proc.returncode == 0, proc.stderr
        return proc

    return run


def _one_error_line(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


@pytest.fixture
def ready(dtm):
    """A database migrated and loaded with the gazetteer and the demo locations."""
    assert "revision" in dtm("db", "upgrade").stdout
    out = dtm("gazetteer", "load", "--demo").stdout
    assert "119 created" in out and "synthetic" in out
    return dtm


def test_full_setup_flow(ready, tmp_path):
    dtm = ready
    assert "119 unchanged" in dtm("gazetteer", "load", "--demo").stdout
    assert (
        "created reviewer alice"
        in dtm(
            "user",
            "add",
            "alice",
            "--role",
            "reviewer",
            "-g",
            "Erbil",
            "--governorate",
            "IQ-DA",
            "--password",
            "pw123456",
        ).stdout
    )
    dtm("user", "add", "root", "--role", "admin", "--password", "pw123456")
    token = dtm("user", "token", "alice", "--name", "laptop").stdout.strip()
    assert token.startswith("dtm_") and len(token) > 30
    out = dtm(
        "ki",
        "add",
        "--name",
        "Ahmed",
        "--phone",
        "07701234567",
        "--telegram",
        "42",
        "--lang",
        "ckb",
        "--location",
        "100001",
        "--location",
        "100002",
    ).stdout
    assert "tel:+9647701234567" in out and "telegram:42" in out
    csv_file = tmp_path / "kis.csv"
    csv_file.write_text(
        "name,phone,language,place_ids\nLayla,07701111111,ar,100003|100004\n", encoding="utf-8"
    )
    assert "1 created" in dtm("ki", "import", str(csv_file)).stdout
    assert "1 unchanged" in dtm("ki", "import", str(csv_file)).stdout
    assert "round 1 open from 2024-01-01" in dtm("round", "open", "--start", "2024-01-01").stdout
    assert "round 5 open" in dtm("round", "open", "--number", "5").stdout
    locations = tmp_path / "locs.csv"
    locations.write_text(
        "place_id,name_en,name_ar,lat,lon,district_pcode\n7001,Real,حقيقي,36.2,44.0,IQG11Q02\n",
        encoding="utf-8",
    )
    assert "1 created" in dtm("gazetteer", "load", "--locations", str(locations)).stdout


def test_bad_arguments_are_one_line(ready, tmp_path):
    dtm = ready
    _one_error_line(
        dtm("user", "add", "bob", "--role", "boss", "--password", "pw123456", ok=False), "unknown role"
    )
    _one_error_line(dtm("user", "token", "ghost", ok=False), "no user")
    _one_error_line(dtm("ki", "add", "--name", "X", "--phone", "123", "-l", "100001", ok=False), "bad phone")
    _one_error_line(
        dtm("ki", "add", "--name", "X", "--phone", "07701234599", "-l", "999", ok=False), "unknown place id"
    )
    _one_error_line(dtm("ki", "import", "missing.csv", ok=False), "file not found")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,phone,language,place_ids\nA,07701111111,ar,100001\nB,123,xx,999\n", encoding="utf-8")
    _one_error_line(dtm("ki", "import", str(bad), ok=False), "bad.csv refused", "line 3", "bad phone", "999")
    assert "0 created" not in dtm("ki", "import", str(bad), ok=False).stdout
    _one_error_line(dtm("gazetteer", "load", "--locations", "nope.csv", ok=False), "file not found")
    _one_error_line(dtm("round", "open", "--start", "2024-13-01", ok=False), "bad --start date")


def test_data_commands_before_upgrade_say_so(dtm):
    _one_error_line(dtm("gazetteer", "load", ok=False), "dtm db upgrade")
