from __future__ import annotations

import json

import pytest

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.errors import InvalidInput
from assistant.park import load_demo_park
from assistant.park.io import validate
from tests.park.factories import park


def _import(services, document):
    return services.park.import_document(validate(document))


def test_import_creates_companies_flows_and_categories(services):
    report = _import(services, park())
    assert (len(report.created), report.flows) == (3, 4)
    companies = {c.name: c for c in services.park.list_companies()}
    saw = companies["SIA Zāģētava"]
    assert saw.nace == "16.10"
    assert [f.category for f in saw.flows] == ["wood.sawdust", "plastics.film"]
    assert companies["SIA Granulas"].flows[0].category == "wood.sawdust"


def _broken(path, value):
    document = park()
    target = document
    *parents, last = path
    for key in parents:
        target = target[key]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("companies", 1, "name"), None, "companies[1].name: missing"),
        (("companies", 0, "nace"), "99.99", "companies[0].nace: unknown NACE Rev. 2 code '99.99'"),
        (
            ("companies", 0, "flows", 1, "unit"),
            "kg",
            "companies[0].flows[1].unit: unknown unit 'kg'",
        ),
        (("companies", 1, "flows", 0, "quantity"), -5, "companies[1].flows[0].quantity: "),
        (
            ("companies", 0, "flows", 0, "ewc_code"),
            "99 99 99",
            "companies[0].flows[0].ewc_code: unknown EWC code '99 99 99'",
        ),
    ],
)
def test_invalid_import_is_precise_and_writes_nothing(services, path, value, expected):
    with pytest.raises(InvalidInput) as caught:
        services.park.import_bytes(json.dumps(_broken(path, value)).encode(), "json")
    assert any(problem.startswith(expected) for problem in caught.value.details)
    assert expected.split(":")[0] in caught.value.message
    assert services.park.list_companies() == []


def test_a_late_error_rolls_back_the_whole_import(services):
    _import(services, park())
    document = park()
    document["companies"][0]["description"] = "changed"
    document["companies"].append({"name": "SIA Dup", "nace": "16.10"})
    document["companies"].append({"name": "sia dup", "nace": "16.10"})
    with pytest.raises(InvalidInput, match="duplicate company name"):
        _import(services, document)
    saw = services.park.find_company("SIA Zāģētava")
    assert saw.description == "Sawmill"
    assert len(services.park.list_companies()) == 3


def test_reimport_updates_by_name_without_duplicates(services):
    _import(services, park())
    document = park()
    document["companies"][0]["name"] = "sia zāģētava"  # other case: the same company
    document["companies"][0]["flows"] = [
        {"direction": "output", "material": "miza", "quantity": 900, "unit": "t/year"}
    ]
    report = _import(services, document)
    assert (len(report.created), len(report.updated)) == (0, 3)
    companies = services.park.list_companies()
    assert len(companies) == 3
    saw = services.park.find_company("SIA ZĀĢĒTAVA")
    assert [(f.material, f.quantity) for f in saw.flows] == [("miza", 900)]
    assert saw.flows[0].category == "wood.bark"


def test_json_and_csv_round_trip(services, tmp_path):
    _import(services, park())
    exported_json = services.park.export("json", viewer=LOCAL_ADMIN)
    exported_csv = services.park.export("csv", viewer=LOCAL_ADMIN)
    assert json.loads(exported_json)["companies"][0]["flows"][0]["ewc_code"] == "03 01 05"
    assert len(exported_csv.strip().splitlines()) == 1 + 4  # header + one row per flow
    _import(services, json.loads(exported_json))
    assert services.park.export("json", viewer=LOCAL_ADMIN) == exported_json
    services.park.import_bytes(exported_csv.encode(), "csv")
    assert services.park.export("csv", viewer=LOCAL_ADMIN) == exported_csv
    assert len(services.park.list_companies()) == 3


def test_csv_errors_name_the_row(services):
    rows = (
        "company,nace,direction,material,quantity,unit\n"
        "SIA A,16.10,output,zāģskaidas,100,t/year\n"
        "SIA A,16.10,output,miza,50,kg\n"
    )
    with pytest.raises(InvalidInput) as caught:
        services.park.import_bytes(rows.encode(), "csv")
    assert caught.value.details == [
        "row 3: companies[0].flows[1].unit: unknown unit 'kg' (use one of t/year, m3/year, "
        "MWh/year)"
    ]


def test_demo_park_loads_idempotently(services, tmp_path):
    first = load_demo_park(services.park, services.settings.demo_park)
    second = load_demo_park(services.park, services.settings.demo_park)
    assert len(first.created) == 25 and not first.updated
    assert len(second.updated) == 25 and not second.created
    assert len(services.park.list_companies()) == 25
