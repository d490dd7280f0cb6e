"""The Latvian review file: current, complete, and free of the LATVIAN.md never list."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.i18n_review import build, findings
from assistant.cli.main import app
from assistant.prompts import template_names

REVIEW = Path(__file__).resolve().parents[2] / "docs" / "latvian-review.md"
NEVER = {"enum", "rule_id", "unit", "decimal_point", "thousands_comma", "date"}


@pytest.fixture(scope="module")
def tally():
    return findings()


def test_the_checked_in_review_file_is_current():
    assert REVIEW.read_text("utf-8") == build(), (
        "docs/latvian-review.md is stale: run `assistant i18n review` and read the diff"
    )


def test_every_latvian_template_is_in_the_review(tally):
    reviewed = {name.split(" ")[0] for name, _ in tally}
    latvian = {n for n in template_names("") if ".lv." in n and n.split("/")[-1][0] != "_"}
    assert latvian - reviewed == set()


def test_every_template_renders(tally):
    assert [name for name, found in tally if found is None] == []


def test_no_never_list_hit_in_any_rendered_latvian_text(tally):
    hits = [(name, f.kind, f.text) for name, found in tally for f in found or [] if f.kind in NEVER]
    assert hits == []


def test_the_command_writes_and_checks(tmp_path):
    out = tmp_path / "review.md"
    runner = CliRunner()
    assert runner.invoke(app, ["i18n", "review", "--out", str(out), "--check"]).exit_code == 1
    written = runner.invoke(app, ["i18n", "review", "--out", str(out)])
    assert written.exit_code == 0 and out.read_text("utf-8") == build()
    assert runner.invoke(app, ["i18n", "review", "--out", str(out), "--check"]).exit_code == 0


def test_no_latvian_leaks_into_english_templates():
    from assistant.cli.i18n_review import english_findings

    tally = english_findings()
    assert len(tally) > 20
    leaks = [(name, f.kind, f.text) for name, found in tally for f in (found or [])]
    assert [name for name, found in tally if found is None] == []
    assert leaks == []
