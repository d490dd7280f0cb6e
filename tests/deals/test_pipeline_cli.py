"""`assistant pipeline …` in a subprocess: add, move (with the stage rules), note, list."""

from __future__ import annotations

import json
from pathlib import Path

from tests.deals.parks import PELLETS, SAW, cli_park, run_cli, said


def test_pipeline_commands_and_stage_rules(tmp_path: Path):
    env = cli_park(tmp_path)
    added = run_cli(
        env, "pipeline", "add", "--source", SAW, "--target", PELLETS, "--material", "miza", "--json"
    )
    assert added.returncode == 0, added.stderr
    sid = str(json.loads(added.stdout)["id"])
    assert run_cli(env, "pipeline", "move", sid, "agreement").returncode == 0
    back = run_cli(env, "pipeline", "move", sid, "contacted")
    assert back.returncode == 2 and "--reopen" in said(back)
    drop = run_cli(env, "pipeline", "move", sid, "dropped")
    assert drop.returncode == 2 and "needs a reason" in said(drop)
    reopened = run_cli(
        env, "pipeline", "move", sid, "contacted", "--reopen", "--reason", "new owner", "--json"
    )
    assert reopened.returncode == 0, reopened.stderr
    assert json.loads(reopened.stdout)["events"][-1]["reason"] == "new owner"
    noted = run_cli(env, "pipeline", "note", sid, "Zvanīju direktoram", "--contact", "--json")
    assert json.loads(noted.stdout)["notes"][-1] | {"at": None, "id": None} == {
        "text": "Zvanīju direktoram",
        "contact": True,
        "by": "Anna Kalniņa",
        "at": None,
        "id": None,
    }
    listed = json.loads(run_cli(env, "pipeline", "list", "--stage", "contacted", "--json").stdout)
    assert [s["id"] for s in listed] == [int(sid)]
    assert run_cli(env, "pipeline", "list", "--stage", "later").returncode == 2
