"""The price table: every row cited with a year, every category with a counterfactual route,
every € parameter a rule uses with its range."""

from __future__ import annotations

import pytest

from assistant.synergy_rules.prices import PriceTable, builtin_prices
from assistant.synergy_rules.registry import Parameters, Registry
from assistant.taxonomy import default_taxonomy

TABLE = builtin_prices()


@pytest.mark.parametrize("row", TABLE.rows, ids=lambda r: r.id)
def test_every_row_has_a_source_and_a_year(row):
    assert row.source.strip() and 1990 <= row.year <= 2100
    if not row.assumption:  # a sourced row names where it comes from: a URL or a publication
        assert "http" in row.source or "(" in row.source, row.id
    else:
        assert row.note, f"{row.id}: an assumption says why"


def test_every_category_the_rules_use_has_a_route():
    used = set()
    for rule in Registry.load_builtin():
        used.update(rule.takes.categories)
        used.update(rule.feeds.input_categories)
    assert used - set(TABLE.routes) == set()
    assert set(default_taxonomy().categories) - set(TABLE.routes) == set()


def test_every_euro_parameter_a_rule_uses_has_a_row_matching_its_value():
    params = Parameters.load()
    for rule in Registry.load_builtin():
        if rule.benefit.substitute_value is None:
            continue
        key = rule.benefit.substitute_value.param
        row = TABLE.row(key)
        assert row is not None, key
        assert row.typical == pytest.approx(params.value(key)), key


def test_routes_name_rows_their_kind_needs():
    for category, route in TABLE.routes.items():
        if route.route in {"sold", "own_use", "paid_treatment", "energy_recovery"}:
            assert route.price, category
        if route.liquid:
            assert route.route != "landfill", category


def test_a_row_out_of_order_is_refused():
    raw = TABLE.model_dump()
    raw["rows"][0]["low"] = raw["rows"][0]["high"] + 1
    with pytest.raises(ValueError):
        PriceTable.model_validate(raw)
