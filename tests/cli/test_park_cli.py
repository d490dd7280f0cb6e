from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.config import get_settings
from tests.park.factories import park

runner = CliRunner()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "")
    get_settings.cache_clear()
    file = tmp_path / "park.json"
    file.write_text(json.dumps(park(), ensure_ascii=False), "utf-8")
    yield file
    get_settings.cache_clear()


def test_import_list_export_and_synergies(cli_env: Path, tmp_path: Path):
    result = runner.invoke(app, ["companies", "import", str(cli_env)])
    assert result.exit_code == 0, result.output
    assert "3 companies created" in result.output
    listed = runner.invoke(app, ["companies", "list", "--json"])
    assert [c["name"] for c in json.loads(listed.output)][:2] == ["SIA Zāģētava", "SIA Granulas"]
    out = tmp_path / "export.csv"
    assert (
        runner.invoke(
            app, ["companies", "export", "--format", "csv", "--output", str(out)]
        ).exit_code
        == 0
    )
    assert out.read_text("utf-8").startswith("park,")
    found = json.loads(runner.invoke(app, ["synergies", "--json"]).output)
    assert any(
        s["source_company"] == "SIA Zāģētava" and s["target_company"] == "SIA Granulas"
        for s in found
    )
    one = json.loads(
        runner.invoke(app, ["synergies", "--company", "sia granulas", "--json"]).output
    )
    assert one and all("SIA Granulas" in (s["source_company"], s["target_company"]) for s in one)


def test_taxonomy_suggest_and_confirm(cli_env: Path):
    result = runner.invoke(app, ["taxonomy", "suggest", "zagskaidas", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["ewc_code"] == "03 01 05"
    runner.invoke(app, ["companies", "import", str(cli_env)])
    flows = json.loads(runner.invoke(app, ["companies", "list", "--json"]).output)[0]["flows"]
    confirmed = runner.invoke(
        app, ["taxonomy", "confirm", "--flow", str(flows[1]["id"]), "--ewc", "15 01 02", "--json"]
    )
    assert json.loads(confirmed.output)["ewc_confirmed"] is True


def test_sectors_json_and_jsonl(cli_env: Path):
    result = runner.invoke(app, ["synergies", "sectors", "--material", "zāģskaidas", "--json"])
    hits = json.loads(result.output)
    assert hits and {"nace", "label", "score", "rule_id"} <= set(hits[0])
    lines = '{"material": "alus drabiņas", "nace": "11.05"}\nnot json\n{"ewc": "13 02 05*"}\n'
    result = runner.invoke(app, ["synergies", "sectors", "--jsonl"], input=lines)
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 3
    assert isinstance(out[0], list) and out[0]
    assert out[1]["error"]["code"] == "invalid_json"
    assert isinstance(out[2], list) and out[2][0]["nace"].startswith("38")


def test_errors_exit_2_with_a_message(tmp_path: Path):
    bad = park()
    bad["companies"][0]["flows"][1]["unit"] = "kg"
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(bad), "utf-8")
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "ASSISTANT_EMBEDDING_BACKEND": "hash",
        "ASSISTANT_CHROMA_URL": "",
    }
    command = str(Path(sys.executable).parent / "assistant")
    done = subprocess.run(
        [command, "companies", "import", str(file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "companies[0].flows[1].unit: unknown unit 'kg'" in done.stderr
