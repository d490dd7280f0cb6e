"""The backup archive: a gzipped tar that any tar tool can open.

    manifest.json      format, app version, schema revision, dialect, rows per table
    tables/<t>.jsonl   one JSON object per row
    uploads/<name>     the uploaded documents

JSON has no datetime, date or bytes, and a JSON column's value must not be mistaken for one of
those: such values are tagged as a one-key object (`{"$datetime": "2026-…+00:00"}`).
"""

from __future__ import annotations

import base64
import json
import tarfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import IO, Any

from assistant.errors import InvalidInput

FORMAT = "simbioze-backup/1"


def encode(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)  # stored as UTC
        return {"$datetime": aware.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict | list):
        return {"$json": value}
    if isinstance(value, Decimal):
        return float(value)
    return value


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "$datetime": datetime.fromisoformat,
    "$date": date.fromisoformat,
    "$bytes": base64.b64decode,
    "$json": lambda value: value,
}


def decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag in _DECODERS:
            return _DECODERS[tag](inner)
    return value


def row_line(row: dict[str, Any]) -> bytes:
    return (json.dumps({k: encode(v) for k, v in row.items()}, ensure_ascii=False) + "\n").encode()


def rows_of(handle: IO[bytes]) -> Iterator[dict[str, Any]]:
    for n, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"the backup is damaged (line {n}: {exc.msg})") from exc
        yield {k: decode(v) for k, v in raw.items()}


def open_archive(path: str) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise InvalidInput(f"{path} is not a Simbioze backup: {exc}") from exc


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    handle = member(archive, "manifest.json")
    if handle is None:
        raise InvalidInput("the archive has no manifest.json: not a Simbioze backup")
    manifest: dict[str, Any] = json.load(handle)
    if manifest.get("format") != FORMAT:
        raise InvalidInput(
            f"unknown backup format {manifest.get('format')!r} (this version reads {FORMAT})"
        )
    return manifest


def member(archive: tarfile.TarFile, name: str) -> IO[bytes] | None:
    try:
        info = archive.getmember(name)
    except KeyError:
        return None
    return archive.extractfile(info) if info.isfile() else None


def upload_members(archive: tarfile.TarFile) -> Iterator[tuple[str, IO[bytes]]]:
    """The uploaded files, by their path under uploads/ (never outside it)."""
    for info in archive.getmembers():
        path = PurePosixPath(info.name)
        if not info.isfile() or path.parts[:1] != ("uploads",):
            continue
        relative = PurePosixPath(*path.parts[1:])
        if not relative.parts or relative.is_absolute() or ".." in relative.parts:
            raise InvalidInput(f"the backup holds an unsafe path: {info.name!r}")
        handle = archive.extractfile(info)
        if handle is not None:
            yield str(relative), handle
