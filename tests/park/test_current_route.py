"""Flow.current_route (issue 16): what happens to an output today, the benefit's baseline —
imported, exported, validated, kept private like the flow's notes, and used by the engine."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assistant.auth.viewer import ANONYMISED, LOCAL_ADMIN
from assistant.errors import InvalidInput
from assistant.park import visibility
from assistant.park.io import validate
from tests.park.factories import park
from tests.synergies.helpers import builtin_engine


def _document():
    document = park()
    saw = document["companies"][0]["flows"]
    saw[0]["current_route"] = "landfill"  # the confidential sawdust flow
    saw[1]["current_route"] = "Paid treatment"  # normalised to paid_treatment
    return document


def test_the_route_is_imported_normalised_and_exported(services):
    services.park.import_document(validate(_document()))
    full = json.loads(services.park.export("json", viewer=LOCAL_ADMIN))
    routes = [f["current_route"] for f in full["companies"][0]["flows"]]
    assert routes == ["landfill", "paid_treatment"]
    rows = list(csv.DictReader(io.StringIO(services.park.export("csv", viewer=LOCAL_ADMIN))))
    assert [r["current_route"] for r in rows if r["company"] == "SIA Zāģētava"] == [
        "landfill",
        "paid_treatment",
    ]


def test_an_unknown_route_is_refused():
    document = _document()
    document["companies"][0]["flows"][1]["current_route"] = "burnt in the yard"
    with pytest.raises(InvalidInput):
        validate(document)


def test_a_hidden_flows_route_is_private_and_the_engine_uses_a_declared_one(services):
    services.park.import_document(validate(_document()))
    exported = json.loads(services.park.export("json", viewer=ANONYMISED))
    saw = next(c for c in exported["companies"] if c["name"] == "SIA Zāģētava")
    assert [f["current_route"] for f in saw["flows"]] == [None, "paid_treatment"]
    snapshot = services.park.snapshot()
    public = visibility.park_view(snapshot, ANONYMISED)
    assert [f.route for f in public.flows if f.material == "zāģskaidas"] == [None]
    found = builtin_engine().match(snapshot)
    sawdust = next(s for s in found if s.kind == "pair" and s.category == "wood.sawdust")
    assert sawdust.benefit.counterfactual.route == "landfill"
    assert sawdust.benefit.counterfactual.declared
    seen = visibility.suggestions(builtin_engine().match(public))
    public_sawdust = next(s for s in seen if s.kind == "pair" and s.category == "wood.sawdust")
    assert public_sawdust.benefit.counterfactual.route == "sold"  # the typical route
    assert public_sawdust.withheld and public_sawdust.benefit.source_eur_per_year is None
