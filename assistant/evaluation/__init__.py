"""Deterministic evaluation on versioned question sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InvalidInput


def read_cases(path: str | Path) -> list[Any]:
    """The YAML list of an evaluation file; an unreadable file is a clear error."""
    try:
        raw = yaml.safe_load(Path(path).read_text("utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"cannot read the evaluation file {path}", str(exc)) from exc
    if not isinstance(raw, list):
        raise InvalidInput(f"the evaluation file {path} must hold a YAML list")
    return raw
