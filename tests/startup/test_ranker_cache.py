"""The documented exchanges' categories kept in the data directory: the same as resolving them,
keyed by the rows (a changed row is never served from an old file), written atomically."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.synergies import ranker
from assistant.synergies.corpus import Corpus, load_corpus
from assistant.taxonomy import default_taxonomy


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    full = load_corpus()
    return Corpus(full.rows[:40], full.sources)  # small: resolving is the slow part


def test_kept_categories_are_the_resolved_ones(tmp_path, corpus, monkeypatch):
    taxonomy = default_taxonomy()
    first = ranker.cached_categories(corpus, taxonomy, tmp_path)
    assert first == {row.id: ranker.resolve_category(row, taxonomy) for row in corpus.rows}
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 1 and files[0].startswith("exchange-categories-")
    assert not any(name.endswith(".partial") for name in files)

    def no_resolving(*_args: object) -> str:
        raise AssertionError("resolved again")

    monkeypatch.setattr(ranker, "resolve_category", no_resolving)
    assert ranker.cached_categories(corpus, taxonomy, tmp_path) == first


def test_a_changed_row_is_resolved_again(tmp_path, corpus):
    taxonomy = default_taxonomy()
    ranker.cached_categories(corpus, taxonomy, tmp_path)
    row = next(r for r in corpus.rows if not r.category)
    changed = dataclasses.replace(row, material_en="waste heat from cooling water", ewc="")
    rows = [changed if r.id == row.id else r for r in corpus.rows]
    found = ranker.cached_categories(Corpus(rows, corpus.sources), taxonomy, tmp_path)
    assert found[row.id] == ranker.resolve_category(changed, taxonomy)
    assert len(list(tmp_path.iterdir())) == 1  # the old version's file is gone


def test_a_broken_file_is_resolved_again(tmp_path, corpus):
    taxonomy = default_taxonomy()
    expected = ranker.cached_categories(corpus, taxonomy, tmp_path)
    (path,) = tmp_path.iterdir()
    path.write_text("{half a fi", "utf-8")
    assert ranker.cached_categories(corpus, taxonomy, tmp_path) == expected


def test_the_ranker_uses_the_given_categories(corpus):
    weights = {name: 1.0 for name in ranker.FEATURES}
    given = {row.id: "wood.sawdust" for row in corpus.rows}
    made = ranker.Ranker(corpus, weights, default_taxonomy(), given)
    assert {made.category_of(row) for row in corpus.rows} == {"wood.sawdust"}
