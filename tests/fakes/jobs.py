"""Jobs for queue tests, importable by path from a real RQ worker as our own jobs are."""

from __future__ import annotations


def always_fails(item_id: int) -> None:
    """Fail every time, like a job whose database is down."""
    raise RuntimeError(f"boom for item {item_id}")


def echo(item_id: int) -> int:
    """Return the id it was given."""
    return item_id
