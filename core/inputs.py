"""Input errors and CSV reading shared by the data-loading services (gazetteer, informants)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Keep the one-line message readable; the full list stays on the exception.
MAX_ERRORS_IN_MESSAGE = 20


class InputError(ValueError):
    """Bad input from an operator or a file; the message is one line meant for a person."""


class CsvImportError(InputError):
    """A CSV file was refused as a whole; `errors` lists (line number, reason) for every bad row."""

    def __init__(self, source: str, errors: list[tuple[int, str]]):
        self.source = source
        self.errors = errors
        shown = "; ".join(f"line {line}: {reason}" for line, reason in errors[:MAX_ERRORS_IN_MESSAGE])
        more = len(errors) - MAX_ERRORS_IN_MESSAGE
        if more > 0:
            shown += f"; and {more} more"
        super().__init__(f"{source} refused, nothing imported: {shown}")


@dataclass(frozen=True)
class CsvRow:
    """One data row of a CSV file with the line it ends on (1-based, as an editor shows it)."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        """Return the stripped value of a column, '' when absent or empty."""
        return (self.values.get(column) or "").strip()


Source = str | Path | IO[str] | IO[bytes]


def source_name(source: Source) -> str:
    """Name a CSV source for messages: its file name, or '<stream>'."""
    if isinstance(source, str | Path):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) else "<stream>"


def _read_text(source: Source) -> str:
    """Read the whole source as text; a UTF-8 BOM (Excel's habit) is dropped."""
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise InputError(f"file not found: {path}")
        data: str | bytes = path.read_bytes()
    else:
        data = source.read()
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source_name(source)} is not UTF-8 text (byte {exc.start})") from exc
    return data.removeprefix("\ufeff")


def read_csv(source: Source, *, required: tuple[str, ...]) -> tuple[list[str], Iterator[CsvRow]]:
    """Parse a CSV with a header row; '#' comment rows and blank rows are skipped.

    Raises CsvImportError when the header lacks a required column.
    """
    name = source_name(source)
    reader = csv.reader(io.StringIO(_read_text(source), newline=""))
    header: list[str] | None = None
    for cells in reader:
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        header = [c.strip().lower() for c in cells]
        break
    if header is None:
        raise CsvImportError(name, [(max(reader.line_num, 1), "no header row")])
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvImportError(name, [(reader.line_num, f"missing column(s): {', '.join(missing)}")])

    def rows() -> Iterator[CsvRow]:
        for cells in reader:
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            yield CsvRow(reader.line_num, dict(zip(header, cells, strict=False)))

    return header, rows()


@dataclass
class LoadResult:
    """What an idempotent load did: rows created, rows changed, rows already up to date."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def apply_values(obj: object, values: Mapping[str, object]) -> bool:
    """Set attributes that differ and tell whether anything changed (so a re-load writes nothing)."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed
