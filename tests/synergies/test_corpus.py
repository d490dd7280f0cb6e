"""The documented-exchange corpus: every row has a findable source and valid codes."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.synergies.corpus import Exchange, load_corpus
from assistant.taxonomy import default_taxonomy

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
PACKAGED = REPO / "assistant" / "taxonomy" / "data"
# categories the taxonomy lacks, documented in docs/exchange-corpus.md
EXTRA_CATEGORIES = {"gas.fuel", "gas.hydrogen", "gas.other"}
MIN_ROWS, MIN_CASES = 400, 80
CORPUS = load_corpus()


def _reference(name: str) -> Path:
    return SHARED / name if (SHARED / name).is_file() else PACKAGED / name


def _ewc_codes() -> dict[str, bool]:
    with _reference("ewc_codes.csv").open(encoding="utf-8") as f:
        return {row["code"]: row["hazardous"] == "true" for row in csv.DictReader(f)}


def _nace_codes() -> set[str]:
    with _reference("nace_rev2.csv").open(encoding="utf-8") as f:
        return {row[k] for row in csv.DictReader(f) for k in ("Division", "Class") if row[k]}


def test_the_corpus_is_large_and_spread_over_many_cases():
    assert len(CORPUS) >= MIN_ROWS
    assert len(CORPUS.cases) >= MIN_CASES
    assert max(Counter(r.case for r in CORPUS.rows).values()) <= len(CORPUS) // 5


def test_ids_are_unique():
    ids = [r.id for r in CORPUS.rows]
    assert len(ids) == len(set(ids))


def source_problem(row: Exchange, sources: dict[str, dict[str, str]]) -> str | None:
    source = sources.get(row.source)
    if not source:
        return f"{row.id}: source {row.source!r} is not in exchange_sources.yaml"
    if len(source.get("cite", "")) <= 30:
        return f"{row.id}: the citation is not findable"
    if not (row.locator or source.get("url")):
        return f"{row.id}: neither a section nor an address"
    return None


@pytest.mark.parametrize("row", CORPUS.rows, ids=lambda r: r.id)
def test_every_row_has_a_findable_source(row):
    assert source_problem(row, CORPUS.sources) is None


def test_a_row_without_a_source_is_caught():
    row = CORPUS.rows[0]
    assert source_problem(replace(row, source="nowhere"), CORPUS.sources)
    assert source_problem(replace(row, locator=""), {row.source: {"cite": "x" * 40}})
    assert source_problem(row, {row.source: {"cite": "Someone (2020)"}})


def test_no_row_comes_from_an_exchange_database_compilation():
    for key, source in CORPUS.sources.items():
        text = f"{key} {source.get('cite', '')} {source.get('url', '')}".lower()
        assert "maestri" not in text and "sharebox" not in text, key


def test_every_source_is_used():
    assert set(CORPUS.sources) == {r.source for r in CORPUS.rows}


@pytest.mark.parametrize("row", CORPUS.rows, ids=lambda r: r.id)
def test_codes_exist_in_the_reference_lists(row):
    ewc, nace = _ewc_codes(), _nace_codes()
    assert row.donor_nace in nace and row.receiver_nace in nace
    if row.ewc:
        assert row.ewc in ewc, f"{row.id}: {row.ewc} is not in the List of Waste"
        assert row.ewc.endswith("*") == ewc[row.ewc]
    else:
        categories = set(default_taxonomy().categories) | EXTRA_CATEGORIES
        assert row.category in categories, f"{row.id}: no EWC code and no known category"


@pytest.mark.parametrize("row", CORPUS.rows, ids=lambda r: r.id)
def test_rows_are_complete_in_both_languages(row):
    for value in (
        row.case,
        row.donor,
        row.material_en,
        row.material_lv,
        row.receiver,
        row.use,
        row.country,
        row.status,
    ):
        assert value.strip()
    assert row.status in {"implemented", "proposed"}
    assert len(row.country) == 2
