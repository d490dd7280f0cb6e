"""The modules moved to libyaml read their files exactly as the pure-Python loader did."""

from __future__ import annotations

import hashlib
from importlib import import_module, resources
from pathlib import Path

import pytest
import yaml

from assistant import yamlio
from assistant.chat import companies
from assistant.synergies import corpus, ranker
from assistant.synergy_rules import prices

labels = import_module("assistant.text.labels")  # the package exports a `labels` function
FILES = [
    Path(str(resources.files("assistant.synergies").joinpath("data", "exchange_sources.yaml"))),
    Path(str(resources.files("assistant.chat").joinpath("data", "roles.yaml"))),
    ranker.weights_path(),
    prices.PRICES_FILE,
    labels.LABELS_FILE,
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_libyaml_builds_the_same_objects(path):
    text = path.read_text("utf-8")
    assert yamlio.safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def test_the_modules_read_through_libyaml(monkeypatch):
    def pure_python(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the pure-Python loader was used")

    monkeypatch.setattr(yaml, "safe_load", pure_python)
    labels.catalogue.cache_clear()
    companies._roles.cache_clear()
    prices.builtin_prices.cache_clear()
    assert labels.catalogue() and companies._roles() and corpus.read_sources()
    assert ranker.read_weights() is not None and prices.builtin_prices()


@pytest.fixture
def fresh_memo(monkeypatch):
    monkeypatch.setattr(yamlio, "_parsed", {})
    monkeypatch.setattr(yamlio, "_used", {})
    monkeypatch.setattr(yamlio, "_keeping", False)
    monkeypatch.setattr(yamlio, "_learnt", 0)


def test_parsed_documents_are_kept_between_processes(tmp_path, fresh_memo, monkeypatch):
    text = labels.LABELS_FILE.read_text("utf-8")
    yamlio.load(tmp_path)  # nothing saved yet
    first = yamlio.safe_load(text)
    yamlio.save(tmp_path)
    (saved,) = tmp_path.iterdir()
    assert saved.name.startswith("yaml-") and saved.suffix == ".pickle"
    # a new process: the document comes from the file, libyaml is not asked
    monkeypatch.setattr(yamlio, "_parsed", {})
    monkeypatch.setattr(yamlio, "_learnt", 0)
    yamlio.load(tmp_path)

    def no_parsing(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yaml, "load", no_parsing)
    again = yamlio.safe_load(text)
    assert again == first and again is not first
    again["error"].clear()  # a caller's change is not seen by the next caller
    assert yamlio.safe_load(text) == first


def test_a_changed_text_is_parsed_again(tmp_path, fresh_memo):
    yamlio.load(tmp_path)
    assert yamlio.safe_load("a: 1\n") == {"a": 1}
    yamlio.save(tmp_path)
    assert yamlio.safe_load("a: 2\n") == {"a": 2}


def test_a_long_running_process_keeps_nothing(fresh_memo):
    """The server never calls `load`: nothing accumulates in memory."""
    yamlio.safe_load("a: 1\n")
    assert yamlio._parsed == {}


def test_documents_no_process_reads_go_in_time(tmp_path, fresh_memo, monkeypatch):
    monkeypatch.setattr(yamlio, "_used", {})
    monkeypatch.setattr(yamlio, "_LIMIT", 2)
    yamlio.load(tmp_path)
    for n in range(3):
        yamlio.safe_load(f"old: {n}\n")
    yamlio.save(tmp_path)
    # the next process reads one new document: it is kept, with what is left of the old
    for name in ("_parsed", "_used"):
        monkeypatch.setattr(yamlio, name, {})
    monkeypatch.setattr(yamlio, "_learnt", 0)
    yamlio.load(tmp_path)
    assert len(yamlio._parsed) == 2
    yamlio.safe_load("new: 1\n")
    yamlio.save(tmp_path)
    for name in ("_parsed", "_used"):
        monkeypatch.setattr(yamlio, name, {})
    yamlio.load(tmp_path)
    assert len(yamlio._parsed) == 2
    assert yamlio.safe_load("new: 1\n") == {"new": 1}
    assert hashlib.sha256(b"new: 1\n").hexdigest()[:32] in yamlio._parsed


def test_a_text_that_does_not_parse_is_not_saved(tmp_path, fresh_memo, monkeypatch):
    """A YAML error (a user's broken rule file) leaves the cache as it was; the save at exit
    does not fail on it."""
    yamlio.load(tmp_path)
    assert yamlio.safe_load("a: 1\n") == {"a": 1}
    with pytest.raises(yaml.YAMLError):
        yamlio.safe_load("a: [1\n")
    yamlio.save(tmp_path)
    monkeypatch.setattr(yamlio, "_parsed", {})
    yamlio.load(tmp_path)
    assert list(yamlio._parsed) == [hashlib.sha256(b"a: 1\n").hexdigest()[:32]]
