"""The park's resource map: import/export, CRUD and the search profiles of companies."""

from __future__ import annotations

from pathlib import Path

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.park.service import ImportReport, ParkService


def load_demo_park(park: ParkService, path: Path) -> ImportReport:
    """Import the demo park (idempotent: a second run updates the same companies)."""
    return park.import_file(path, viewer=LOCAL_ADMIN)


__all__ = ["ImportReport", "ParkService", "load_demo_park"]
