"""CSV export and import of measured impact. Importing an exported file reproduces the same
records: the measured columns and the verification are read back; the descriptive and the
estimated columns are for the reader and are checked only against the synergy's names."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from assistant.errors import InvalidInput
from assistant.impact.models import ImpactRow
from assistant.impact.service import ImpactService
from assistant.models.pipeline import ImpactRecord

COLUMNS = (
    "synergy_id",
    "park",
    "municipality",
    "source",
    "target",
    "material",
    "rule_id",
    "legal_kind",
    "r_code",
    "esrs_category",
    "estimated_eur_per_year",
    "estimated_tonnes_per_year",
    "estimated_co2e_t_per_year",
    "estimated_water_m3_per_year",
    "tonnes_per_year",
    "eur_source_per_year",
    "eur_target_per_year",
    "eur_total_per_year",
    "co2e_t_per_year",
    "water_m3_per_year",
    "verified_at",
    "verified_by",
    "notes",
)
READ = (
    "tonnes_per_year",
    "eur_source_per_year",
    "eur_target_per_year",
    "co2e_t_per_year",
    "water_m3_per_year",
)


def _cell(value: object) -> str:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    return "" if value is None else str(value)  # str(float) round-trips exactly


def to_csv(rows: list[ImpactRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        data = row.model_dump()
        writer.writerow([_cell(data[c]) for c in COLUMNS])
    return out.getvalue()


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("the impact CSV is not UTF-8 text") from exc


def parse(text: str) -> list[tuple[int, ImpactRecord, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [
        c
        for c in ("synergy_id", *READ, "verified_at", "verified_by")
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise InvalidInput(f"the impact CSV lacks the columns {', '.join(missing)}")
    found = []
    for n, raw in enumerate(reader, start=2):
        try:
            record = ImpactRecord(
                **{c: float(raw[c]) for c in READ},
                verified_by=raw["verified_by"],
                verified_at=datetime.fromisoformat(raw["verified_at"]),
                notes=raw.get("notes") or "",
            )
            found.append((int(raw["synergy_id"]), record, raw))
        except (ValueError, TypeError) as exc:
            raise InvalidInput(f"line {n} of the impact CSV is not valid", str(exc)) from exc
    return found


def import_csv(service: ImpactService, text: str) -> int:
    """Write every row (all or nothing). A row whose companies differ from its synergy's is
    refused instead of overwriting the wrong synergy."""
    rows = parse(text)
    names = service.names()
    for synergy_id, _, raw in rows:
        known = names.get(synergy_id)
        given = (raw.get("source") or "", raw.get("target") or "")
        if known is not None and given != ("", "") and given != known:
            raise InvalidInput(
                f"row of synergy {synergy_id}: the companies {given} do not "
                f"match the pipeline's {known}"
            )
    return service.record_many((synergy_id, record) for synergy_id, record, _ in rows)
