"""Reading and writing park files: JSON (the nested document) and CSV (one row per flow).

Validation errors name the company, the flow and the field: `companies[3].flows[1].unit:
unknown unit 'kg'`; a CSV error also names its row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from assistant.errors import InvalidInput
from assistant.models.park import CompanyCreate, ParkExport, ParkImport, name_key

_COMPANY_COLUMNS = {
    "company": "name",
    "nace": "nace",
    "municipality": "municipality",
    "lat": "lat",
    "lon": "lon",
    "description": "description",
    "contact_email": "contact_email",
    "company_confidential": "confidential",
}
_FLOW_COLUMNS = (
    "direction",
    "material",
    "ewc_code",
    "quantity",
    "unit",
    "temperature_c",
    "hazardous",
    "confidential",
    "availability",
    "notes",
    "current_route",
)
CSV_COLUMNS = ("park", "park_municipality", "park_description", *_COMPANY_COLUMNS, *_FLOW_COLUMNS)
_TRUE = {"true", "yes", "y", "1", "jā", "ja", "x"}
_FALSE = {"false", "no", "n", "0", "nē", "ne", ""}
RowMap = dict[tuple[int, int | None], int]


def parse(data: bytes, fmt: str, default_park: str = "Park") -> ParkImport:
    """A CSV file without a `park` column goes to `default_park`."""
    if fmt == "json":
        return validate(_read_json(data))
    if fmt == "csv":
        document, rows = _read_csv(data)
        document["park"].setdefault("name", default_park)
        return validate(document, rows)
    raise InvalidInput(f"unknown park file format {fmt!r} (use json or csv)")


def format_of(filename: str, data: bytes) -> str:
    lower = filename.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(".csv"):
        return "csv"
    return "json" if data.lstrip()[:1] in (b"{", b"[") else "csv"


def _read_json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput("the park file is not valid JSON", str(exc)) from exc


def validate(document: Any, rows: RowMap | None = None) -> ParkImport:
    try:
        parsed = ParkImport.model_validate(document)
    except ValidationError as exc:
        problems = [_problem(e, rows) for e in exc.errors()]
        raise _invalid(problems) from exc
    problems = _duplicates(parsed.companies)
    if problems:
        raise _invalid(problems)
    return parsed


def _invalid(problems: list[str]) -> InvalidInput:
    shown = "; ".join(problems[:3]) + (f"; … {len(problems) - 3} more" if len(problems) > 3 else "")
    return InvalidInput(f"the park data is not valid ({len(problems)} problems): {shown}", problems)


def _problem(error: Any, rows: RowMap | None) -> str:
    loc = error.get("loc", ())
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if error.get("type") == "missing":
        message = "missing"
    if rows is not None and len(loc) >= 2 and loc[0] == "companies":
        flow = loc[3] if len(loc) >= 4 and loc[2] == "flows" else None
        row = rows.get((int(loc[1]), flow if isinstance(flow, int) else None))
        if row is not None:
            path = f"row {row}: {path}"
    return f"{path or 'document'}: {message}"


def _duplicates(companies: Sequence[CompanyCreate]) -> list[str]:
    seen: dict[str, int] = {}
    problems = []
    for n, company in enumerate(companies):
        key = name_key(company.name)
        if key in seen:
            problems.append(
                f"companies[{n}].name: duplicate company name {company.name!r} "
                f"(also companies[{seen[key]}])"
            )
        seen.setdefault(key, n)
    return problems


# ---- CSV -----------------------------------------------------------------------------------
def _read_csv(data: bytes) -> tuple[dict[str, Any], RowMap]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("the CSV file is not UTF-8 text", str(exc)) from exc
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text))
    missing = {"company", "nace"} - set(reader.fieldnames or ())
    if missing:
        raise InvalidInput(f"the CSV file lacks the columns {', '.join(sorted(missing))}")
    document: dict[str, Any] = {"park": {}, "companies": []}
    companies: dict[str, dict[str, Any]] = {}
    index: dict[str, int] = {}
    rows: RowMap = {}
    for number, row in enumerate(reader, start=2):
        clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        _park_fields(document["park"], clean)
        key = name_key(clean.get("company", "")) or f"#row{number}"
        if key not in companies:
            companies[key] = _company(clean)
            index[key] = len(document["companies"])
            rows[(index[key], None)] = number
            document["companies"].append(companies[key])
        flows = companies[key]["flows"]
        if clean.get("direction") or clean.get("material"):
            rows[(index[key], len(flows))] = number
            flows.append(_flow(clean))
    return document, rows


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _park_fields(park: dict[str, Any], row: dict[str, str]) -> None:
    for column, field in (
        ("park", "name"),
        ("park_municipality", "municipality"),
        ("park_description", "description"),
    ):
        if row.get(column) and field not in park:
            park[field] = row[column]


def _company(row: dict[str, str]) -> dict[str, Any]:
    company: dict[str, Any] = {"flows": []}
    for column, field in _COMPANY_COLUMNS.items():
        value = row.get(column, "")
        if field == "confidential":
            company[field] = _bool(value)
        elif value or field in ("name", "nace"):
            company[field] = value
    return company


def _flow(row: dict[str, str]) -> dict[str, Any]:
    flow: dict[str, Any] = {}
    for field in _FLOW_COLUMNS:
        value = row.get(field, "")
        if field in ("hazardous", "confidential"):
            flow[field] = _bool(value)
        elif field == "quantity" or value:
            numeric = field in ("quantity", "temperature_c")
            flow[field] = value.replace(",", ".") if numeric else value
    return flow


def _bool(value: str) -> bool | str:
    folded = value.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return value  # pydantic reports it


# ---- export --------------------------------------------------------------------------------
def to_json(document: ParkExport) -> str:
    return json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def to_csv(document: ParkExport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    park = {
        "park": document.park.name,
        "park_municipality": document.park.municipality,
        "park_description": document.park.description,
    }
    for company in document.companies:
        base = {**park, **{col: _cell(getattr(company, f)) for col, f in _COMPANY_COLUMNS.items()}}
        if not company.flows:
            writer.writerow(base)
        for flow in company.flows:
            writer.writerow({**base, **{f: _cell(getattr(flow, f)) for f in _FLOW_COLUMNS}})
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
