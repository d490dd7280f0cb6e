"""The CLI as a user runs it: a real process, a tmp data directory, the hashing embedder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ASSISTANT = str(Path(sys.executable).parent / "assistant")


@pytest.fixture
def run(tmp_path, kb_dir):
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(tmp_path / "cli-data"),
        "ASSISTANT_EMBEDDING_BACKEND": "hash",
        "ASSISTANT_KNOWLEDGE_DIR": str(kb_dir),
    }

    def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [ASSISTANT, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
        )

    return _run


def test_ingest_then_search_json(run, kb_dir):
    first = run("kb", "ingest")
    assert first.returncode == 0, first.stderr
    assert "added 2, updated 0, skipped 0, deleted 0, failed 0" in first.stdout
    again = run("kb", "ingest", str(kb_dir))
    assert "added 0, updated 0, skipped 2, deleted 0, failed 0" in again.stdout
    result = run("search", "pellet maker sawdust", "--k", "2", "--json")
    hits = json.loads(result.stdout)
    assert hits[0]["doc_id"] == "sample-by-products-en"
    assert set(hits[0]) == {
        "doc_id",
        "title",
        "section",
        "text",
        "score",
        "lang",
        "type",
        "sources",
    }


def test_search_filters_on_the_command_line(run):
    run("kb", "ingest")
    hits = json.loads(run("search", "zāģskaidas sawdust", "--lang", "lv", "--json").stdout)
    assert hits and {h["lang"] for h in hits} == {"lv"}
    assert json.loads(run("search", "sawdust", "--type", "case", "--json").stdout) == []


def test_broken_file_is_reported_with_a_non_zero_exit(run, kb_dir):
    (kb_dir / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    result = run("kb", "ingest")
    assert result.returncode == 1
    assert "added 2" in result.stdout and "broken.pdf" in result.stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (("search", "   "), "the query is empty"),
        (("search", "x", "--lang", "de"), "--lang must be lv or en"),
        (("kb", "delete", "no-such-doc"), "no document with id"),
    ],
)
def test_bad_input_gives_a_message_and_exit_2(run, args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_out_of_range_k_is_refused(run):
    assert run("search", "sawdust", "--k", "0").returncode != 0


def test_reindex_and_list(run):
    run("kb", "ingest")
    assert "reindexed" in run("kb", "reindex").stdout
    listed = json.loads(run("kb", "list", "--json").stdout)
    assert [d["doc_id"] for d in listed] == ["sample-by-products-en", "sample-landfill-tax-lv"]
