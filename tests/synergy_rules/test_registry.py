from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import Conflict, InvalidInput
from assistant.synergy_rules import Parameters, Registry, Rule, check_references
from assistant.taxonomy import default_taxonomy

RULE = {
    "id": "test-sawdust",
    "family": "wood",
    "title": {"en": "Sawdust", "lv": "Zāģskaidas"},
    "takes": {"categories": ["wood.sawdust"], "ewc": ["03 01"]},
    "feeds": {"input_categories": ["fuel.biomass"], "nace": ["16.29", "35.3"]},
    "strength": 0.8,
    "legal_route": {"kind": "by_product", "en": "by-product", "lv": "blakusprodukts"},
    "why": {"en": "pellets", "lv": "granulas"},
}


def test_builtin_rules_load_and_refer_to_known_names():
    registry = Registry.load_builtin()
    assert len(registry) >= 60
    check_references(registry, Parameters.load(), set(default_taxonomy().categories))
    families = {rule.family for rule in registry}
    assert {"wood", "heat_steam", "plastics", "metals", "water"} <= families


def test_added_rules_register_like_builtin_ones():
    registry = Registry()
    registry.register(Rule.model_validate(RULE))
    assert [r.id for r in registry.by_category("wood.sawdust")] == ["test-sawdust"]
    assert [r.id for r in registry.by_ewc("03 01 05")] == ["test-sawdust"]  # sub-chapter
    assert registry.by_ewc("10 01 03") == []
    with pytest.raises(Conflict, match="duplicate"):
        registry.register(Rule.model_validate(RULE))


def test_a_bad_rule_file_names_the_file_and_the_rule(tmp_path: Path):
    (tmp_path / "broken.yaml").write_text("- id: bad-one\n  family: wood\n  strength: 2\n", "utf-8")
    with pytest.raises(InvalidInput) as caught:
        Registry.load_builtin(tmp_path)
    assert "broken.yaml" in caught.value.message and "bad-one" in caught.value.message
    assert any(d.startswith("strength") for d in caught.value.details)


def test_unknown_references_are_reported():
    registry = Registry([Rule.model_validate({**RULE, "feeds": {"input_categories": ["nope"]}})])
    with pytest.raises(InvalidInput) as caught:
        check_references(registry, Parameters.load(), set(default_taxonomy().categories))
    assert caught.value.details == ["rule 'test-sawdust': unknown category 'nope'"]


def test_landfill_tax_is_clamped_to_the_table():
    tax = Parameters.load().landfill_tax
    first, last = min(tax.values), max(tax.values)
    assert tax.for_year(1990) == (first, tax.values[first])
    assert tax.for_year(2100) == (last, tax.values[last])
