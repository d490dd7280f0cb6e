"""The park's resource map: import/export, CRUD and the search profiles of companies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.park.service import ImportReport, ParkService

if TYPE_CHECKING:
    from assistant.core.container import Services


def load_demo_park(services: Services, path: Path | None = None) -> ImportReport:
    """Import the demo park (idempotent: a second run updates the same companies)."""
    return services.park.import_file(path or services.settings.demo_park, viewer=LOCAL_ADMIN)


__all__ = ["ImportReport", "ParkService", "load_demo_park"]
