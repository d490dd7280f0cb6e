"""The modules moved to libyaml read their files exactly as the pure-Python loader did."""

from __future__ import annotations

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
