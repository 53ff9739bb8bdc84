"""`.env.example` documents every setting, each with a comment line above it."""

from __future__ import annotations

import re
from pathlib import Path

from dtm.settings import Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_every_setting_is_in_env_example():
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    listed = {}
    for number, line in enumerate(lines):
        match = re.match(r"^#?\s*DTM_([A-Z0-9_]+)=", line)
        if match:
            listed[match.group(1).lower()] = number
    missing = sorted(set(Settings.model_fields) - set(listed))
    assert not missing, f".env.example lacks: {', '.join('DTM_' + m.upper() for m in missing)}"
    unknown = sorted(set(listed) - set(Settings.model_fields))
    assert not unknown, f".env.example lists settings that do not exist: {unknown}"
    for name, number in listed.items():
        above = lines[number - 1] if number else ""
        assert above.startswith("#") and not re.match(r"^#?\s*DTM_", above), (
            f"DTM_{name.upper()} needs a comment"
        )


def test_env_example_values_parse(monkeypatch):
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("DTM_"):
            key, _, value = line.partition("=")
            monkeypatch.setenv(key, value)
    Settings(_env_file=None).check()
