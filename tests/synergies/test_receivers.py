"""Receiving sectors learnt from documented exchanges and the rules: one division per slot,
waste treatment only as a labelled fallback, confidence and cited cases, the hazard rule."""

from __future__ import annotations

import pytest

from assistant.synergies.corpus import load_corpus
from assistant.synergies.index import is_sensitive
from assistant.synergies.receivers import HAZARD_BLOCKED
from tests.synergies.helpers import builtin_engine

ENGINE = builtin_engine()

QUERIES = [
    ("gypsum from flue-gas desulphurisation", "10 01 05", "35.11"),
    ("dūmgāzu attīrīšanas ģipsis", "10 01 05", None),
    ("zāģskaidas", None, "16.10"),
    ("process steam", None, "35.11"),
    ("nolietota motoreļļa", "13 02 05*", None),
    ("qwzx unheard-of residue", None, None),
]


@pytest.mark.parametrize(("material", "ewc", "nace"), QUERIES)
def test_one_division_per_slot_with_confidence_and_order(material, ewc, nace):
    hits = ENGINE.sectors(material, ewc, nace)
    assert len(hits) >= 3  # always a ranked answer
    divisions = [h.division for h in hits]
    assert len(divisions) == len(set(divisions))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        assert h.nace.startswith(h.division) and all(c[:2] == h.division for c in h.classes)
        assert 0.0 <= h.confidence <= 1.0
        assert h.fallback == h.division.startswith("38")
        assert h.label
        for case in h.cases:
            assert case.receiver_nace[:2] == h.division and case.source


def test_fgd_gypsum_goes_to_plasterboard_first():
    # Kalundborg (Asnæs → Gyproc) and Styria: FGD gypsum replaces natural gypsum in plasterboard
    top = ENGINE.sectors("gypsum from flue-gas desulphurisation", "10 01 05", "35.11")[0]
    assert top.nace == "23.62"
    assert top.cases[0].receiver_nace == "23.62"  # the cases behind the class shown come first
    assert "kalundborg" in {c.case for c in top.cases}


def test_waste_treatment_comes_after_an_industrial_user_with_the_same_evidence():
    hits = ENGINE.sectors("coal fly ash", "10 01 02", "35.11")
    assert hits[0].division == "23" and not hits[0].fallback
    assert all(h.division != "38" for h in hits[:2])


def test_hazardous_materials_never_go_to_food_feed_farms_biogas_or_fuel_users():
    for material, ewc in [
        ("nolietota motoreļļa", "13 02 05*"),
        ("spent solvents", "14 06 03*"),
        ("fly ash from oil firing", "10 01 04*"),
        ("acid sludge", None),
    ]:
        hits = ENGINE.sectors(material, ewc)
        assert hits
        for h in hits:
            codes = [h.nace, *h.classes]
            if ewc:
                assert not any(is_sensitive(c) or c.startswith(HAZARD_BLOCKED) for c in codes)


def test_the_donor_class_is_not_its_own_receiver():
    hits = ENGINE.sectors("zāģskaidas", "03 01 05", "16.10")
    assert all(h.nace != "16.10" and "16.10" not in h.classes for h in hits)


def test_cases_are_cited_in_the_query_language():
    corpus = load_corpus()
    top = ENGINE.sectors("dūmgāzu attīrīšanas ģipsis", "10 01 05")[0]
    assert top.cases and "ģipsis" in top.cases[0].material
    assert all(c.material == corpus.by_id[c.id].material_lv for c in top.cases)
    top = ENGINE.sectors("gypsum from flue-gas cleaning", "10 01 05")[0]
    assert all(c.material == corpus.by_id[c.id].material_en for c in top.cases)


def test_json_keeps_the_old_fields_and_adds_the_new_ones():
    dumped = ENGINE.sectors("sawdust")[0].model_dump()
    assert {"nace", "label", "label_lv", "score", "rule_id"} <= set(dumped)
    assert {"confidence", "cases", "fallback", "division", "classes"} <= set(dumped)
