"""`assistant ask` as a process: one question as JSON, and the JSONL batch mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ASSISTANT = str(Path(sys.executable).parent / "assistant")
KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli-chat")
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(data),
        "ASSISTANT_EMBEDDING_BACKEND": "hash",
        "ASSISTANT_KNOWLEDGE_DIR": str(KNOWLEDGE),
        "ASSISTANT_DEMO_PARK": str(KNOWLEDGE / "parks" / "demo_park.json"),
    }

    def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [ASSISTANT, *args], env=env, input=stdin, capture_output=True, text=True, timeout=300
        )

    setup = _run("setup")
    assert setup.returncode == 0, setup.stderr
    return _run


def test_ask_json(run):
    result = run("ask", "kad zāģskaidas ir blakusprodukts?", "--json")
    body = json.loads(result.stdout)
    assert body["language"] == "lv" and body["intent"] == "regulation" and body["citations"]


def test_jsonl_batch_shares_conversations_by_key_and_reports_bad_lines(run):
    lines = "\n".join(
        [
            json.dumps(
                {
                    "question": "We have 2,400 t of sawdust a year, who can use it?",
                    "conversation": "a",
                }
            ),
            "this is not json",
            json.dumps({"question": "And what are the legal steps?", "conversation": "a"}),
            json.dumps({"question": "ko tu proti?"}),
        ]
    )
    result = run("ask", "--jsonl", stdin=lines)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[1]["error"]["line"] == 2
    assert out[2]["conversation_id"] == out[0]["conversation_id"]
    assert out[2]["intent"] == "regulation" and "sawdust" in out[2]["answer"]
    assert out[3]["intent"] == "help" and out[3]["language"] == "lv"


def test_ask_without_a_question_fails_clearly(run):
    result = run("ask")
    assert result.returncode == 2 and "give a question" in result.stderr
