"""Documented exchanges in pair suggestions (issue 17, part 3): a flow whose material is
documented going to a sector ranks a partner in that sector higher, the suggestion carries the
cases, and its explanation names them in the reader's language."""

from __future__ import annotations

import re

import numpy as np
import pytest

from assistant.synergies import documented
from assistant.synergies.documented import park_support
from assistant.synergies.explain import documented_text, short_source
from assistant.synergies.park_data import ParkData
from assistant.synergies.ranker import default_ranker
from assistant.synergies.support import documented_support
from assistant.taxonomy import default_taxonomy
from assistant.text.never import check_lv
from tests.synergies.helpers import ParkBuilder, builtin_engine

ASH = ("coal fly ash", "10 01 02")


def _two_takers(documented_nace: str, other_nace: str) -> ParkData:
    """A power plant's fly ash and two takers that differ only in their sector: the same
    declared input, the same distance (5 km north and 5 km south)."""
    park = ParkBuilder()
    plant = park.company("Power plant", "35.11")
    park.flow(plant, "output", ASH[0], 20000, ewc=ASH[1])
    for name, nace, km in (("Takes A", documented_nace, 5.0), ("Takes B", other_nace, -5.0)):
        taker = park.company(name, nace, km)
        park.flow(taker, "input", ASH[0], 20000, ewc=ASH[1])
    return park.build()


def _receivers_of_the_ash_rule() -> tuple[str, str]:
    """Two classes one fly-ash rule feeds: the best and the least documented of them."""
    engine = builtin_engine()
    rules = [r for r in engine.registry.for_material(None, ASH[1]) if len(r.feeds.nace) > 1]
    assert rules, "no fly-ash rule with more than one receiving sector"
    support = {
        code: documented_support(*ASH, donor_nace="35.11", receiver_nace=code).weight
        for rule in rules
        for code in rule.feeds.nace
        if len(code) == 5
    }
    best = max(support, key=lambda c: (support[c], c))
    least = min(support, key=lambda c: (support[c], c))
    assert support[best] > support[least]
    return best, least


def _pairs(park: ParkData) -> dict[str, float]:
    found = builtin_engine().match(park)
    best: dict[str, float] = {}
    for s in found:
        if s.kind == "pair" and s.target_company:
            best[s.target_company] = max(best.get(s.target_company, 0.0), s.score)
    return best


def test_a_documented_sector_ranks_its_company_higher(monkeypatch: pytest.MonkeyPatch) -> None:
    good, poor = _receivers_of_the_ash_rule()
    park = _two_takers(good, poor)
    with_support = _pairs(park)
    assert with_support["Takes A"] > with_support["Takes B"]
    monkeypatch.setattr(documented, "SUPPORT_BOOST", 0.0)
    without = _pairs(_two_takers(good, poor))  # a new park content: a new index
    assert with_support["Takes A"] > without["Takes A"]
    assert with_support["Takes B"] >= without["Takes B"]
    assert without["Takes B"] <= 1.0 and with_support["Takes A"] <= 1.0


def test_the_suggestion_carries_and_names_the_cases() -> None:
    park = _two_takers("23.51", "23.99")
    found = [s for s in builtin_engine().match(park) if s.target_company == "Takes A"]
    pair = max(found, key=lambda s: s.score)
    assert pair.documented_support > 0.5
    assert pair.documented_cases
    for case in pair.documented_cases:
        assert case.id and case.source and case.country
        assert case.receiver_nace.startswith("23")
    first = pair.documented_cases[0]
    assert "Documented elsewhere" in pair.explanation and first.donor in pair.explanation
    assert "Citur dokumentētas" in pair.explanation_lv
    assert first.material_lv in pair.explanation_lv
    lv = pair.explanation_lv.split("Citur dokumentētas", 1)[1]
    # the Latvian part names countries in Latvian and has no corpus slug or English country
    assert not re.search(r"\b(Denmark|Austria|Japan|Australia|Sweden|Finland|Kingdom)\b", lv)
    assert first.case not in lv and not re.search(r"\b[a-z]+_[a-z]+\b", lv)


def test_an_undocumented_pair_has_no_cases_and_unchanged_text() -> None:
    park = ParkBuilder()
    a = park.company("Bakery", "10.71")
    park.flow(a, "output", "stale bread", 30)
    b = park.company("Pig farm", "01.46", 3.0)
    park.flow(b, "input", "stale bread", 30)
    for s in builtin_engine().match(park.build()):
        if s.kind == "pair" and s.documented_support == 0.0:
            assert s.documented_cases == [] and "Documented elsewhere" not in s.explanation


def test_the_park_matrix_agrees_with_documented_support() -> None:
    """The scorer's vectorised support (tables, base rows and donor overrides) gives every
    pair the weight the scalar function gives it."""
    park = ParkBuilder()
    donors = [("Power plant", "35.11"), ("Sawmill", "16.10"), ("Cement works", "23.51")]
    takers = ["23.51", "23.61", "23.32", "20.15", "01.11", "35.30", "42.11", "17.12", "38.21"]
    materials = [ASH, ("sawdust", None), ("process steam", None), ("used engine oil", "13 02 05*")]
    for name, nace in donors:
        cid = park.company(name, nace)
        for material, ewc in materials:
            park.flow(cid, "output", material, 100, ewc=ewc)
    for i, nace in enumerate(takers):
        park.company(f"Taker {i}", nace, float(i))
    built = park.build()
    index = builtin_engine().index(built)
    src = np.arange(len(built.flows))
    t_company = np.arange(len(built.companies))
    matrix = park_support(index).matrix(src, t_company)
    for i, flow in enumerate(built.flows):
        donor = built.company(flow.company_id).nace
        for j, company in enumerate(built.companies):
            expected = documented_support(
                flow.material, flow.ewc_code, flow.category, donor, company.nace
            ).weight
            assert matrix[i, j] == pytest.approx(expected), (flow.material, donor, company.nace)
            assert park_support(index).weight(i, j) == pytest.approx(expected)


def test_the_index_is_kept_per_park_content_and_view() -> None:
    engine = builtin_engine()
    park = _two_takers("23.51", "23.99")
    first = engine.index(park)
    same = ParkData(park.name, list(park.companies), list(park.flows))
    assert engine.index(same) is first
    changed = ParkData(
        park.name,
        list(park.companies),
        [*park.flows[:-1], park.flows[-1].__class__(**{**park.flows[-1].__dict__, "quantity": 1})],
    )
    assert engine.index(changed) is not first
    banded = ParkData(
        park.name,
        list(park.companies),
        [
            park.flows[0].__class__(**{**park.flows[0].__dict__, "band": (0.0, 1.0)}),
            *park.flows[1:],
        ],
    )
    assert engine.index(banded) is not first
    assert engine.index(park) is first


def test_every_documented_case_reads_as_latvian() -> None:
    """The Latvian naming of every corpus row passes the "never" list (the publication's short
    name is a name and allowed); no row's country is left as a bare code."""
    taxonomy = default_taxonomy()
    corpus = default_ranker().corpus
    bad = []
    for row in corpus.rows:
        ref = corpus.ref(row)
        text = documented_text([ref], taxonomy)
        assert text is not None
        findings = check_lv(text.lv, allow=[short_source(ref.source)])
        if findings or f", {row.country} (" in text.lv:
            bad.append((row.id, text.lv, findings))
    assert bad == []
