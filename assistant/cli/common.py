"""Shared CLI helpers: the services, JSON output, progress.

Nothing heavy is imported here or in the command modules at import time (`assistant --help`
must not load SQLAlchemy, FastAPI or the model): each command imports what it uses.
"""

from __future__ import annotations

import atexit
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.composition import Services


class _Stderr:
    """Rich's console on stderr, made on first use (importing Rich is a good part of the
    time `assistant --help` takes)."""

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(stderr=True)

    def print(self, *objects: Any, **options: Any) -> None:
        self.console.print(*objects, **options)

    @property
    def is_terminal(self) -> bool:
        return self.console.is_terminal


err = _Stderr()


def services() -> Services:
    """The services from the environment's settings, acting as the local admin: the audit
    log names the system user running the command."""
    from assistant import yamlio
    from assistant.auth.audit import set_actor
    from assistant.composition import Services
    from assistant.config import get_settings
    from assistant.text import language, stems

    set_actor(f"cli:{_system_user()}")
    settings = get_settings()
    cache = settings.data_dir / "cache"
    # a command is a short process: the stems, detected languages and parsed YAML of the last
    # ones are kept
    for memo in (stems, language, yamlio):
        memo.load(cache)
        atexit.register(memo.save, cache)
    built = Services(settings)
    built.init_db()
    return built


def _system_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "local"


def print_json(data: Any) -> None:
    from pydantic import BaseModel

    def default(obj: Any) -> Any:
        if isinstance(obj, BaseModel):
            return obj.model_dump(mode="json")
        return str(obj)

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n")


def step(message: str) -> None:
    """One progress line on stderr (shown in logs and pipes too, unlike the bar)."""
    err.print(message, highlight=False, markup=False)


@contextmanager
def progress_bar() -> Iterator[Any]:
    """Yields a callback (stage, done, total) that drives a Rich progress bar on stderr; off a
    terminal it prints one line per stage when the stage completes."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(
        *columns, console=err.console, transient=False, disable=not err.is_terminal
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)
            if not err.is_terminal and done == total:
                step(f"  {stage}: {done}/{total}")

        yield update
