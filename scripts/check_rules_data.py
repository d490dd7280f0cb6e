#!/usr/bin/env python3
"""Check the synergy-rule data files; exit non-zero on any problem.

Checks:
  assistant/synergy_rules/rules/*.yaml  — schema, unique ids, categories, EWC codes, NACE codes,
                                          hazardous-material safety, heat/water consistency
  assistant/synergy_rules/parameters.yaml — every parameter has a value and a source;
                                          every rule's benefit parameters exist
  tests/eval/synergies.yaml             — evaluation cases use existing NACE/EWC codes and
                                          pair cases reference companies and flows of their park

Usage: python3 scripts/check_rules_data.py [--shared PATH_TO_SHARED_DATA]
The NACE and EWC lists are read from shared/data (default: ../shared/data next to the repo).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "assistant" / "synergy_rules" / "rules"
PARAMS = REPO / "assistant" / "synergy_rules" / "parameters.yaml"
CATEGORIES = REPO / "assistant" / "taxonomy" / "data" / "categories.yaml"
EVAL = REPO / "tests" / "eval" / "synergies.yaml"

FAMILIES = {
    "wood", "ash_slag", "food", "manure_digestate", "heat_steam", "co2_gases", "water", "metals",
    "plastics", "paper", "glass", "construction", "sludge", "solvents_oils", "other",
}
REQUIRED_FAMILIES = FAMILIES - {"other"}
MIN_RULES, MIN_PER_FAMILY = 70, 3
UNITS = {"t/year", "m3/year", "MWh/year"}
KINDS = {"by_product", "end_of_waste", "eu_eow_regulation", "waste_permit", "animal_by_product",
         "feed", "energy_contract", "water_permit"}
HAZARD_MODES = {"forbid", "licensed_only"}
DOC_IDS = {
    "wfd-definitions-hierarchy-en", "wfd-by-products-en", "wfd-end-of-waste-en",
    "eu-end-of-waste-regulations-en", "list-of-waste-en", "animal-by-products-feed-en",
    "reach-by-products-en", "eu-circular-economy-action-plan-en",
    "industrial-emissions-directive-en", "lv-waste-management-law-en",
    "lv-waste-permits-r-d-codes-en", "lv-landfill-tax-drn-en", "lv-energy-communities-en",
    "burgos-circular-economy-office-en", "ecoindustria-delta-llobregat-en",
    "kalundborg-symbiosis-en", "nisp-uk-en", "fiss-finland-en", "enea-sun-italy-en",
    "ocap-co2-greenhouses-en", "latvian-symbiosis-cases-en", "typical-exchanges-economics-en",
    "facilitator-playbook-en",
}
# Receivers allowed for hazardous material (licensed waste treatment, recovery, repair).
HAZARD_NACE_PREFIXES = ("38.2", "38.3", "33")
# Receivers that must never get hazardous material: farms, forestry, aquaculture, food, feed,
# beverages.
NEVER_HAZARD_PREFIXES = ("01", "02", "03", "10", "11")
HEAT_BANDS: dict[str, tuple[int | None, int | None]] = {
    "heat.low": (None, 60), "heat.medium": (60, 120), "heat.high": (120, None),
    "energy.steam": (100, None),
}
RULE_KEYS = ["id", "family", "title", "takes", "feeds", "conditions", "strength", "legal_route",
             "benefit", "why", "next_checks", "citations"]
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
R_CODE = re.compile(r"^R(1[0-3]|[1-9])$")


class Checker:
    def __init__(self, shared: Path) -> None:
        self.errors: list[str] = []
        self.shared = shared
        self.nace = self._load_nace(shared / "nace_rev2.csv")
        self.ewc = self._load_ewc(shared / "ewc_codes.csv")
        cats = yaml.safe_load(CATEGORIES.read_text(encoding="utf-8"))
        self.categories = {c["id"]: c for c in cats}
        self.params: dict[str, Any] = {}

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    # ------------------------------------------------------------------ reference lists
    @staticmethod
    def _load_nace(path: Path) -> set[str]:
        codes: set[str] = set()
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for key in ("Division", "Group", "Class"):
                    if row.get(key):
                        codes.add(row[key].strip())
        return codes

    @staticmethod
    def _load_ewc(path: Path) -> set[str]:
        with path.open(encoding="utf-8") as fh:
            return {row["code"].strip() for row in csv.DictReader(fh)}

    def nace_ok(self, code: Any) -> bool:
        return isinstance(code, str) and code in self.nace

    def ewc_ok(self, code: Any) -> bool:
        if not isinstance(code, str):
            return False
        if code in self.ewc:
            return True
        # chapter ("03") or sub-chapter ("03 01") prefixes
        if re.fullmatch(r"\d\d( \d\d)?", code):
            return any(c.startswith(code + " ") for c in self.ewc)
        return False

    # ------------------------------------------------------------------ parameters
    def check_params(self) -> None:
        data = yaml.safe_load(PARAMS.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not data:
            self.err("parameters.yaml", "must be a non-empty mapping")
            return
        self.params = data
        for key, entry in data.items():
            where = f"parameters.yaml:{key}"
            if not isinstance(entry, dict):
                self.err(where, "entry must be a mapping")
                continue
            if not str(entry.get("source") or "").strip():
                self.err(where, "missing source")
            if "values" in entry:
                vals = entry["values"]
                if not isinstance(vals, dict) or not vals or not all(
                        isinstance(v, (int, float)) for v in vals.values()):
                    self.err(where, "values must map years to numbers")
            elif not isinstance(entry.get("value"), (int, float)) or isinstance(
                    entry.get("value"), bool):
                self.err(where, "needs a numeric value (or a values mapping)")
            src = str(entry.get("source") or "")
            if src.startswith("assumption") and not str(entry.get("note") or "").strip():
                self.err(where, "an assumption needs a note explaining the reasoning")

    # ------------------------------------------------------------------ rules
    def _bilingual(self, where: str, obj: Any, field: str, kind: type = str) -> None:
        if not isinstance(obj, dict):
            self.err(where, f"{field} must have en and lv")
            return
        for lang in ("en", "lv"):
            val = obj.get(lang)
            if kind is str and not (isinstance(val, str) and val.strip()):
                self.err(where, f"{field}.{lang} must be a non-empty string")
            if kind is list and not (isinstance(val, list) and val and all(
                    isinstance(x, str) and x.strip() for x in val)):
                self.err(where, f"{field}.{lang} must be a non-empty list of strings")

    def check_rule(self, rule: Any, family: str, ids: set[str]) -> None:
        if not isinstance(rule, dict):
            self.err(family, "every rule must be a mapping")
            return
        rid = rule.get("id", "?")
        where = f"{family}.yaml:{rid}"
        missing = [k for k in RULE_KEYS if k not in rule]
        extra = [k for k in rule if k not in RULE_KEYS]
        if missing:
            self.err(where, f"missing keys {missing}")
            return
        if extra:
            self.err(where, f"unknown keys {extra}")
        if not (isinstance(rid, str) and KEBAB.match(rid)):
            self.err(where, "id must be kebab-case")
        if rid in ids:
            self.err(where, "duplicate id")
        ids.add(rid)
        if rule["family"] != family:
            self.err(where, f"family {rule['family']!r} does not match file {family}.yaml")
        self._bilingual(where, rule["title"], "title")
        self._bilingual(where, rule["why"], "why")
        self._bilingual(where, rule["next_checks"], "next_checks", list)

        takes = rule["takes"] or {}
        cats = takes.get("categories") or []
        ewcs = takes.get("ewc") or []
        if not cats and not ewcs:
            self.err(where, "takes needs categories and/or ewc")
        for c in cats:
            if c not in self.categories:
                self.err(where, f"unknown category {c!r}")
        for code in ewcs:
            if not self.ewc_ok(code):
                self.err(where, f"unknown EWC code or prefix {code!r}")

        feeds = rule["feeds"] or {}
        for c in feeds.get("input_categories") or []:
            if c not in self.categories:
                self.err(where, f"unknown input category {c!r}")
        nace = feeds.get("nace") or []
        if not nace:
            self.err(where, "feeds.nace must list at least one code")
        for code in nace:
            if not self.nace_ok(code):
                self.err(where, f"unknown NACE code {code!r}")
        if len(set(nace)) != len(nace):
            self.err(where, "duplicate NACE codes")
        self._bilingual(where, feeds.get("sector_note"), "feeds.sector_note")

        cond = rule["conditions"] or {}
        hz = cond.get("hazardous")
        if hz not in HAZARD_MODES:
            self.err(where, f"conditions.hazardous must be one of {sorted(HAZARD_MODES)}")
        if cond.get("unit") not in UNITS:
            self.err(where, f"conditions.unit must be one of {sorted(UNITS)}")
        mq = cond.get("min_quantity")
        if not isinstance(mq, (int, float)) or mq < 0:
            self.err(where, "conditions.min_quantity must be a number >= 0")
        dist = cond.get("max_distance_km")
        if not isinstance(dist, (int, float)) or dist <= 0:
            self.err(where, "conditions.max_distance_km must be a positive number")
        tmin, tmax = cond.get("temperature_min_c"), cond.get("temperature_max_c")
        for t in (tmin, tmax):
            if t is not None and not isinstance(t, (int, float)):
                self.err(where, "temperatures must be numbers or null")
        if isinstance(tmin, (int, float)) and isinstance(tmax, (int, float)) and tmin > tmax:
            self.err(where, "temperature_min_c > temperature_max_c")

        strength = rule["strength"]
        if not isinstance(strength, (int, float)) or not 0 <= strength <= 1:
            self.err(where, "strength must be between 0 and 1")

        legal = rule["legal_route"] or {}
        if legal.get("kind") not in KINDS:
            self.err(where, f"legal_route.kind must be one of {sorted(KINDS)}")
        rc = legal.get("r_code")
        if rc is not None and not (isinstance(rc, str) and R_CODE.match(rc)):
            self.err(where, f"legal_route.r_code {rc!r} is not R1..R13")
        for lang in ("en", "lv"):
            if not (isinstance(legal.get(lang), str) and legal[lang].strip()):
                self.err(where, f"legal_route.{lang} must be a non-empty string")
        refs = legal.get("references")
        if not (isinstance(refs, list) and refs):
            self.err(where, "legal_route.references must be a non-empty list")

        ben = rule["benefit"] or {}
        if not isinstance(ben.get("avoided_disposal"), bool):
            self.err(where, "benefit.avoided_disposal must be true/false")
        for field in ("substitute_value", "co2e"):
            p = (ben.get(field) or {}).get("param")
            if p not in self.params:
                self.err(where, f"benefit.{field}.param {p!r} not in parameters.yaml")
        wat = ben.get("water_m3_per_unit")
        if wat is not None and not isinstance(wat, (int, float)):
            self.err(where, "benefit.water_m3_per_unit must be a number or null")

        cites = rule["citations"]
        if not (isinstance(cites, list) and cites):
            self.err(where, "citations must be a non-empty list")
        else:
            for c in cites:
                if c not in DOC_IDS:
                    self.err(where, f"unknown knowledge document id {c!r}")

        self._check_safety(where, cats, ewcs, hz, nace)
        self._check_energy_water(where, family, cats, cond, ben)

    def _check_safety(self, where: str, cats: list, ewcs: list, hz: Any, nace: list) -> None:
        hazardous_cat = any(self.categories.get(c, {}).get("hazardous") for c in cats)
        star_code = any(isinstance(c, str) and c.endswith("*") for c in ewcs)
        if hazardous_cat:
            if hz != "licensed_only":
                self.err(where, "hazardous category requires hazardous: licensed_only")
            bad = [n for n in nace if not n.startswith(HAZARD_NACE_PREFIXES)]
            if bad:
                self.err(where, f"hazardous category may only feed 38.2x/38.3x/33, not {bad}")
        if star_code and hz == "forbid":
            self.err(where, "takes hazardous (*) EWC codes but says hazardous: forbid")
        if hz == "licensed_only":
            bad = [n for n in nace if n.startswith(NEVER_HAZARD_PREFIXES)]
            if bad:
                self.err(where, f"licensed_only rule must not feed farms, food or feed: {bad}")

    def _check_energy_water(self, where: str, family: str, cats: list, cond: dict,
                            ben: dict) -> None:
        heat_cats = [c for c in cats if c in HEAT_BANDS]
        if family == "heat_steam" and cond.get("unit") != "MWh/year":
            self.err(where, "heat rules use MWh/year")
        if heat_cats and cond.get("unit") == "MWh/year":
            tmin, tmax = cond.get("temperature_min_c"), cond.get("temperature_max_c")
            lo = tmin if isinstance(tmin, (int, float)) else float("-inf")
            hi = tmax if isinstance(tmax, (int, float)) else float("inf")
            overlaps = False
            for c in heat_cats:
                band_lo, band_hi = HEAT_BANDS[c]
                blo = float("-inf") if band_lo is None else float(band_lo)
                bhi = float("inf") if band_hi is None else float(band_hi)
                if lo <= bhi and blo <= hi:
                    overlaps = True
            if not overlaps:
                self.err(where, "temperature band does not overlap the heat categories taken")
        if family == "water":
            if cond.get("unit") != "m3/year":
                self.err(where, "water rules use m3/year")
            if not isinstance(ben.get("water_m3_per_unit"), (int, float)):
                self.err(where, "water rules need benefit.water_m3_per_unit")

    def check_rules(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        ids: set[str] = set()
        files = sorted(RULES_DIR.glob("*.yaml"))
        if not files:
            self.err(str(RULES_DIR), "no rule files")
        for path in files:
            family = path.stem
            if family not in FAMILIES:
                self.err(path.name, f"unknown family file (allowed: {sorted(FAMILIES)})")
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                self.err(path.name, f"YAML error: {exc}")
                continue
            if not isinstance(data, list):
                self.err(path.name, "must be a YAML list of rules")
                continue
            for rule in data:
                self.check_rule(rule, family, ids)
            counts[family] = len(data)
        for fam in sorted(REQUIRED_FAMILIES):
            if counts.get(fam, 0) < MIN_PER_FAMILY:
                self.err("rules",
                         f"family {fam} has {counts.get(fam, 0)} rules, needs {MIN_PER_FAMILY}")
        if sum(counts.values()) < MIN_RULES:
            self.err("rules", f"{sum(counts.values())} rules in total, needs {MIN_RULES}")
        return counts

    # ------------------------------------------------------------------ evaluation cases
    def check_eval(self) -> tuple[int, int, int]:
        if not EVAL.exists():
            self.err(str(EVAL), "missing")
            return 0, 0, 0
        data = yaml.safe_load(EVAL.read_text(encoding="utf-8")) or {}
        sector = data.get("sector_cases") or []
        pairs = data.get("pair_cases") or []
        lv = 0
        for i, case in enumerate(sector):
            where = f"synergies.yaml:sector_cases[{i}]"
            if not (isinstance(case.get("material"), str) and case["material"].strip()):
                self.err(where, "material missing")
            exp = case.get("expected_nace")
            if not (isinstance(exp, list) and exp):
                self.err(where, "expected_nace must be a non-empty list")
            else:
                for n in exp:
                    if not self.nace_ok(n):
                        self.err(where, f"unknown expected NACE {n!r}")
            if case.get("nace") is not None and not self.nace_ok(case["nace"]):
                self.err(where, f"unknown source NACE {case['nace']!r}")
            if case.get("ewc") is not None and not self.ewc_ok(case["ewc"]):
                self.err(where, f"unknown EWC {case['ewc']!r}")
            if not str(case.get("source") or "").strip():
                self.err(where, "source missing")
            if case.get("lang") not in ("en", "lv"):
                self.err(where, "lang must be en or lv")
            lv += case.get("lang") == "lv"
        if len(sector) < 40:
            self.err("synergies.yaml", f"{len(sector)} sector cases, needs 40")
        if lv < 15:
            self.err("synergies.yaml", f"{lv} Latvian sector cases, needs 15")
        for i, case in enumerate(pairs):
            self._check_pair_case(f"synergies.yaml:pair_cases[{i}]", case)
        if len(pairs) < 3:
            self.err("synergies.yaml", f"{len(pairs)} pair cases, needs 3")
        return len(sector), lv, len(pairs)

    def _check_pair_case(self, where: str, case: dict) -> None:
        if not case.get("name") or not case.get("source"):
            self.err(where, "name and source required")
        park = case.get("park") or {}
        if not (park.get("park") or {}).get("name"):
            self.err(where, "park.park.name required")
        companies = park.get("companies") or []
        if not 4 <= len(companies) <= 8:
            self.err(where, f"{len(companies)} companies, needs 4-8")
        by_name: dict[str, dict] = {}
        for comp in companies:
            name = comp.get("name")
            if not name or name in by_name:
                self.err(where, f"company name missing or duplicated: {name!r}")
                continue
            by_name[name] = comp
            if not self.nace_ok(comp.get("nace")):
                self.err(where, f"{name}: unknown NACE {comp.get('nace')!r}")
            for key in ("lat", "lon"):
                if comp.get(key) is not None and not isinstance(comp[key], (int, float)):
                    self.err(where, f"{name}: {key} must be a number")
            for flow in comp.get("flows") or []:
                if flow.get("direction") not in ("input", "output"):
                    self.err(where, f"{name}: flow direction must be input or output")
                if not str(flow.get("material") or "").strip():
                    self.err(where, f"{name}: flow material missing")
                if flow.get("unit") not in UNITS:
                    self.err(where, f"{name}: flow unit {flow.get('unit')!r}")
                if not isinstance(flow.get("quantity"), (int, float)):
                    self.err(where, f"{name}: flow quantity must be a number")
                if flow.get("ewc_code") is not None and not self.ewc_ok(flow["ewc_code"]):
                    self.err(where, f"{name}: unknown EWC {flow['ewc_code']!r}")
        pairs = case.get("expected_pairs") or []
        if not pairs:
            self.err(where, "expected_pairs must not be empty")
        for p in pairs:
            src, tgt, mat = p.get("source"), p.get("target"), str(p.get("material") or "")
            if src not in by_name or tgt not in by_name:
                self.err(where, f"expected pair {src!r} -> {tgt!r} names a company not in the park")
                continue
            outs = [str(f.get("material", "")) for f in by_name[src].get("flows") or []
                    if f.get("direction") == "output"]
            if not any(mat.lower() in o.lower() or o.lower() in mat.lower() for o in outs):
                self.err(where, f"expected pair material {mat!r} is not an output of {src!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data",
                        help="folder with nace_rev2.csv and ewc_codes.csv")
    args = parser.parse_args()
    for name in ("nace_rev2.csv", "ewc_codes.csv"):
        if not (args.shared / name).exists():
            print(f"cannot find {args.shared / name} (use --shared)", file=sys.stderr)
            return 2
    chk = Checker(args.shared)
    chk.check_params()
    counts = chk.check_rules()
    n_sector, n_lv, n_pairs = chk.check_eval()
    print("rules per family: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    print(f"rules total: {sum(counts.values())}; parameters: {len(chk.params)}; "
          f"sector cases: {n_sector} ({n_lv} lv); pair cases: {n_pairs}")
    if chk.errors:
        print(f"\n{len(chk.errors)} problem(s):", file=sys.stderr)
        for e in chk.errors:
            print("  - " + e, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
