"""Taxonomy terms in generated Latvian sentences stand only where their nominative is right.

LATVIAN.md: a material or sector label pasted into a slot that needs another case ("X ir
zāģskaidas", "zāģskaidas piegāde") is wrong. The synergy explanations are written as labelled
parts instead (`Piedāvā …: <material>`, `(<label>)`, `<NACE> <sector>`), so the taxonomy keeps
only the nominative. This renders every explanation with every category and every receiving
sector the rules name, and fails on a term in any other slot, or on a never-list hit.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from assistant.synergies.explain import Texts, missing_text, pair_text, pooling_text, sectors
from assistant.synergies.park_data import FlowData
from assistant.synergy_rules.registry import Registry
from assistant.taxonomy import Taxonomy
from assistant.text.never import check_lv

SAW, PELLETS = "SIA Demo Kokapstrāde (fiktīvs)", "SIA Demo Granulas (fiktīvs)"
OWN_NAME = "Ražošanas atlikums Nr. 7"  # the company's own name of the material
# What may stand right before a term in the nominative: a label's colon, an opening
# parenthesis or quote, a dash or arrow, a list separator, or a NACE code before a sector.
NOMINATIVE_SLOT = re.compile(r"(?:^|: |\(|“|\"|— |→ |; |, |\d{2}(?:\.\d{1,2})* )$")


@cache
def taxonomy() -> Taxonomy:
    return Taxonomy()


def _flow(category: str, direction: str = "output", material: str = OWN_NAME) -> FlowData:
    return FlowData(1, 1, direction, material, 2400.0, "t/year", category=category)


def rendered() -> list[tuple[str, str, list[str]]]:
    """(where, Latvian text, the taxonomy terms inserted into it). The rule's own prose
    (`why`), written whole by a person, is cut off: only the built part is checked."""
    tax = taxonomy()
    cases: list[tuple[str, str, list[str]]] = []
    for rule in Registry.load_builtin():
        for category_id in rule.takes.categories:
            category = tax.category(category_id)
            if category is None:
                continue
            flow = _flow(category_id)
            found = sectors(rule, tax)
            labels = [s.label_lv for s in found if s.label_lv]
            for nace in rule.feeds.nace[:2]:
                text = pair_text(rule, (SAW, flow), (PELLETS, nace, None), (0.3, False), tax)
                built = _built(text.lv, rule.why.lv)
                cases.append((f"pair {rule.id} {nace}", built, [category.lv, *labels[:1]]))
            need = _flow(category_id, "input", "izejviela ražošanai")
            text = pair_text(rule, (SAW, flow), (PELLETS, "", need), (4.2, True), tax)
            cases.append((f"pair {rule.id} flow", _built(text.lv, rule.why.lv), [category.lv]))
            text = missing_text(rule, SAW, flow, found, tax)
            built = _built(text.lv, rule.why.lv)
            cases.append((f"missing {rule.id}", built, [category.lv, *labels[:4]]))
    for category in tax.categories.values():
        for procurement in (True, False):
            text = pooling_text(
                [SAW, PELLETS],
                Texts(category.en, category.lv),
                Texts("3,400 t/year", "3 400 t gadā"),
                Texts("each below 500 t/year", "katram mazāk par 500 t gadā"),
                procurement,
            )
            cases.append((f"pooling {category.id} {procurement}", text.lv, [category.lv]))
    return cases


def _built(text: str, why: str) -> str:
    assert why in text
    return text.replace(why, "")


def test_the_cases_cover_the_taxonomy():
    cases = rendered()
    assert len(cases) > 200
    categories = {c.lv for c in taxonomy().categories.values()}
    used = {term for _, _, terms in cases for term in terms}
    assert categories <= used


def misplaced(text: str, term: str) -> list[str]:
    bad = []
    for match in re.finditer(re.escape(term), text):
        before = text[max(0, match.start() - 12) : match.start()]
        if not NOMINATIVE_SLOT.search(before):
            bad.append(f"…{before}[{term}]{text[match.end() : match.end() + 12]}…")
    return bad


def test_the_slot_check_can_fail():
    assert misplaced("Uzņēmums piedāvā zāģskaidas.", "zāģskaidas")
    assert misplaced("Par zāģskaidas piegādi", "zāģskaidas")
    assert not misplaced("Piedāvā SIA X: zāģskaidas, 2 t", "zāģskaidas")
    assert not misplaced("(16.10 Zāģēšana, ēvelēšana)", "Zāģēšana, ēvelēšana")


def test_every_taxonomy_term_stands_in_a_nominative_slot():
    bad = [
        (where, found)
        for where, text, terms in rendered()
        for term in terms
        if term
        for found in misplaced(text, term)
    ]
    assert bad == []


def test_the_explanations_pass_the_never_list():
    hits = [
        (where, finding)
        for where, text, _ in rendered()
        for finding in check_lv(text, allow=[SAW, PELLETS])
    ]
    assert hits == []


@pytest.mark.parametrize("term", ["zāģskaidas un ēveļskaidas", "miza"])
def test_known_terms_are_nominative_in_the_taxonomy(term):
    assert term in {c.lv for c in taxonomy().categories.values()}


def test_every_receiving_sector_of_the_rules_has_a_latvian_label():
    tax = taxonomy()
    codes = {code for rule in Registry.load_builtin() for code in rule.feeds.nace}
    missing = sorted(c for c in codes if tax.nace_label(c, "lv") == tax.nace_label(c, "en"))
    assert missing == []
