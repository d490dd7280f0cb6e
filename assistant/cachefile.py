"""Files a process leaves in the data directory's cache for the next one.

Each is named by a hash of what it was made from, so a changed input or code never reads an
old file; `replace` writes one atomically (a temporary file renamed into place, so a reader
never sees half a file) and removes the files of other versions.
"""

from __future__ import annotations

import os
from pathlib import Path


def replace(path: Path, data: bytes, others: str) -> None:
    """Write `path`; remove the files matching the glob `others` beside it. A read-only data
    directory is no error: the next process makes the file again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(others):
            if old != path:
                old.unlink(missing_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass
