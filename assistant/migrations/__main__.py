"""`python -m assistant.migrations revision -m MESSAGE [--rev-id ID]`: autogenerate a revision
by comparing the models with a scratch SQLite database migrated to the current head."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from assistant.db import alembic_config, migrate


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m assistant.migrations")
    sub = parser.add_subparsers(dest="action", required=True)
    revision = sub.add_parser("revision", help="autogenerate a new revision")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--rev-id", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        if any((Path(__file__).parent / "versions").glob("[0-9]*.py")):
            migrate(engine)
        with engine.begin() as conn:
            command.revision(
                alembic_config(conn), message=args.message, autogenerate=True, rev_id=args.rev_id
            )
        engine.dispose()
    _tidy(Path(__file__).parent / "versions")


def _tidy(folder: Path) -> None:
    """Generated code in the project's style (ruff is a dev dependency)."""
    ruff = shutil.which("ruff")
    if ruff:
        subprocess.run([ruff, "format", "--line-length", "100", str(folder)], check=False)
        subprocess.run([ruff, "check", "--fix", "--quiet", str(folder)], check=False)


if __name__ == "__main__":
    main()
