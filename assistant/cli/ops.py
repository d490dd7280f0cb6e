"""`assistant backup` and `assistant restore` (registered in assistant.cli.main)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import print_json, services

if TYPE_CHECKING:
    from assistant.ops.backup import BackupSummary


def _report(summary: BackupSummary, verb: str, as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "file": str(summary.path),
                "revision": summary.revision,
                "rows": summary.rows,
                "uploads": summary.uploads,
                "vectors": summary.vectors,
                "seconds": round(summary.seconds, 2),
            }
        )
        return
    typer.echo(summary.line(verb))
    if verb == "restored":
        typer.echo(f"vector index rebuilt from SQL: {summary.vectors} chunks")


def backup(
    file: Annotated[Path, typer.Argument(help="The archive to write (.tar.gz)")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Write every table and the uploaded files to one archive (consistent while serving)."""
    from assistant.ops.backup import backup as run_backup

    built = services()
    try:
        _report(run_backup(built, file), "backed up", as_json)
    finally:
        built.close()


def restore(
    file: Annotated[
        Path,
        typer.Argument(
            help="An archive written by `assistant backup`", exists=True, dir_okay=False
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that holds data")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Replace the database with a backup, then rebuild the vector index from it.

    Stop the app (every worker) first: running processes keep cached search indexes."""
    from assistant.ops.backup import restore as run_restore

    built = services()
    try:
        _report(run_restore(built, file, force=force), "restored", as_json)
    finally:
        built.close()
