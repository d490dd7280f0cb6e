"""A process that finds the schema up to date does not import Alembic; the migration files'
revisions read without Alembic are the ones Alembic reads."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from alembic.script import ScriptDirectory

from assistant.db import alembic_config, script_heads

REPO_CHECK = textwrap.dedent(
    """
    import sys
    from assistant.config import Settings
    from assistant.db import create_tables, make_engine
    engine = make_engine(Settings(data_dir=sys.argv[1]))
    create_tables(engine)
    print("alembic" in sys.modules)
    """
)


def test_heads_read_without_alembic_are_alembics():
    assert script_heads() == frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_an_up_to_date_schema_needs_no_alembic(tmp_path):
    # a fresh SQLite file whatever database the test run was given
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", REPO_CHECK, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=tmp_path,  # no .env of the checkout
        )
        return done.stdout.strip()

    assert run() == "True"  # a new database: migrated by Alembic
    assert run() == "False"  # at the newest revision: Alembic not imported
