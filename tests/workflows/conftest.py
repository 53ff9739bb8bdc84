"""Options for the workflow tests: `--update-goldens` rewrites the golden conversation transcripts."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --update-goldens."""
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/workflows/transcripts/*.txt from the engine's current output",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite golden transcripts instead of comparing."""
    return bool(request.config.getoption("--update-goldens"))
