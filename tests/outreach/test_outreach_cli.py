"""`assistant outreach …` in a subprocess: JSON output, exit codes, nothing written on errors."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

from tests.deals.parks import PELLETS, SAW, cli_park, run_cli, said


def test_draft_show_and_list(tmp_path: Path):
    env = cli_park(tmp_path)
    done = run_cli(
        env,
        "outreach",
        "draft",
        "--source",
        SAW,
        "--target",
        PELLETS,
        "--material",
        "miza",
        "--lang",
        "en",
        "--channel",
        "phone",
        "--tone",
        "friendly",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    draft = json.loads(done.stdout)
    assert {"id", "subject", "body", "language", "synergy_id", "facts_used"} <= set(draft)
    assert draft["language"] == "en" and draft["body"].startswith("Call script: SIA Granulas")
    assert any(
        f["fact"] == "benefit_for_recipient" and f["value"] == 2_600 for f in draft["facts_used"]
    )
    shown = run_cli(env, "outreach", "show", str(draft["id"]), "--format", "eml")
    message = email.message_from_bytes(shown.stdout.encode("utf-8"), policy=policy.default)
    assert message["Subject"] == draft["subject"]
    assert message.get_content() == draft["body"] + "\n"
    listed = run_cli(env, "outreach", "list")
    assert f"[{draft['id']}] v1 en phone" in listed.stdout
    pipeline = json.loads(run_cli(env, "pipeline", "list", "--json").stdout)
    assert [(s["id"], s["stage"]) for s in pipeline] == [(draft["synergy_id"], "identified")]


def test_bad_input_exits_2_with_a_message_and_writes_nothing(tmp_path: Path):
    env = cli_park(tmp_path)
    cases = [
        (["--source", SAW, "--target", "SIA Nav"], "unknown company 'SIA Nav'"),
        (["--source", SAW, "--target", PELLETS, "--lang", "de"], "unsupported language 'de'"),
        (["--source", SAW, "--target", SAW], "the source and the target are the same company"),
        (["--source", SAW, "--target", PELLETS, "--material", "stikls"], "no synergy between"),
    ]
    for args, message in cases:
        done = run_cli(env, "outreach", "draft", *args)
        assert done.returncode == 2, done.stdout
        assert message in said(done), done.stderr
    assert "No outreach draft yet" in run_cli(env, "outreach", "list").stdout
    assert json.loads(run_cli(env, "pipeline", "list", "--json").stdout) == []
    missing = run_cli(env, "outreach", "show", "7")
    assert missing.returncode == 2 and "no outreach draft with id 7" in said(missing)
