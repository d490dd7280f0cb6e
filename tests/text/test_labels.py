"""Every enum value a person can see has a Latvian and an English label, in one place."""

from __future__ import annotations

from typing import get_args

import pytest
import yaml

from assistant.auth.viewer import Role
from assistant.chat.classifier import INTENTS
from assistant.impact.models import ESRS_CATEGORIES
from assistant.ingest.parsed import DOC_TYPES, LANGS
from assistant.models.outreach import CHANNELS, TONES
from assistant.models.park import Direction
from assistant.models.pipeline import STAGES
from assistant.synergies.models import Kind
from assistant.synergy_rules.models import Conditions
from assistant.text.labels import catalogue, enums, label, labels
from assistant.text.never import RULES_DIR, check_en, check_lv
from assistant.web.graph import STATUSES


def _rules() -> list[dict]:
    return [r for p in sorted(RULES_DIR.glob("*.yaml")) for r in yaml.safe_load(p.read_text())]


CODE_ENUMS = {
    "direction": get_args(Direction),
    "kind": get_args(Kind),
    "stage": STAGES,
    "role": get_args(Role),
    "legal_kind": sorted({r["legal_route"]["kind"] for r in _rules()}),
    "hazard_condition": get_args(Conditions.model_fields["hazardous"].annotation),
    "family": sorted({r["family"] for r in _rules()}),
    "esrs": ESRS_CATEGORIES,
    "channel": CHANNELS,
    "tone": TONES,
    "doc_type": DOC_TYPES,
    "lang": LANGS,
    "intent": INTENTS,
    "graph_status": STATUSES,
}


@pytest.mark.parametrize("enum", sorted(CODE_ENUMS))
def test_every_value_in_the_code_has_a_label(enum):
    missing = set(CODE_ENUMS[enum]) - set(catalogue()[enum])
    assert not missing


@pytest.mark.parametrize("enum", enums())
def test_every_label_renders_in_both_languages_and_passes_the_checks(enum):
    for value in catalogue()[enum]:
        lv, en = label(enum, value, "lv"), label(enum, value, "en")
        assert lv.strip() and en.strip()
        assert check_lv(lv) == [], (enum, value, lv)
        assert check_en(en) == [], (enum, value, en)


def test_labels_per_language_and_booleans():
    assert labels("direction", "lv") == {"output": "Piedāvā", "input": "Meklē"}
    assert label("stage", "contacted", "lv") == "Uzrunāta"
    assert label("hazardous", True, "lv") == "bīstami atkritumi"
    with pytest.raises(KeyError):
        label("stage", "unknown", "lv")


def test_an_unknown_value_may_have_a_default():
    assert label("legal_kind", "something_new", "lv", "something_new") == "something_new"
