#!/usr/bin/env python3
"""Validate the taxonomy data files in assistant/taxonomy/data/.

Checks:
  * categories.yaml, materials.yaml, ewc_lv.yaml, nace_lv.yaml parse as YAML;
  * every material has the required fields, a unique id, a known category id,
    a valid unit and non-empty, lower-case (acronyms allowed) synonym lists;
  * every EWC code in materials.yaml / categories.yaml / ewc_lv.yaml exists in
    the reference list (ewc_codes.csv), and every code used is labelled in ewc_lv.yaml;
  * every NACE code in nace_lv.yaml exists in nace_rev2.csv;
  * every category has at least one material.
Synonyms repeated across materials are reported as warnings (some are genuinely ambiguous).

Exit status is non-zero when an error is found.
Usage: python3 scripts/check_taxonomy_data.py [--quiet]
"""
import csv
import os
import re
import sys
from collections import defaultdict

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "assistant", "taxonomy", "data")
REF_CANDIDATES = [
    os.environ.get("TAXONOMY_REF_DIR", ""),
    os.path.join(ROOT, "knowledge", "taxonomy"),
    "/work/shared/data",
]
UNITS = {"t/year", "m3/year", "MWh/year"}
UNIT_BY_KIND = {"energy": "MWh/year", "water": "m3/year", "gas": "t/year", "material": "t/year"}
REQUIRED = ("id", "category", "en", "lv", "ewc", "hazardous", "unit")

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def find_ref(name):
    for d in REF_CANDIDATES:
        if d and os.path.isfile(os.path.join(d, name)):
            return os.path.join(d, name)
    err(f"reference file {name} not found in {[d for d in REF_CANDIDATES if d]}")
    return None


def load_yaml(name):
    path = os.path.join(DATA, name)
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except FileNotFoundError:
        err(f"{name}: file missing")
    except yaml.YAMLError as e:
        err(f"{name}: YAML error: {e}")
    return None


def is_lower_ok(term):
    # Lower case required, except tokens that are acronyms / contain digits (PET, CO2, RDF, F-gases ...).
    for tok in re.split(r"[\s\-/]+", term):
        if tok != tok.lower():
            letters = re.sub(r"[^A-Za-zĀ-ž]", "", tok)
            upper = sum(1 for c in letters if c.isupper())
            # accept all-caps tokens, caps+digits (CO2), and tokens with >=2 capitals (bioLNG, PCBs)
            if not (tok.isupper() or any(c.isdigit() for c in tok) or upper >= 2):
                return False
    return True


def main():
    quiet = "--quiet" in sys.argv

    ewc_path = find_ref("ewc_codes.csv")
    nace_path = find_ref("nace_rev2.csv")
    ewc_codes = set()
    if ewc_path:
        with open(ewc_path, encoding="utf-8") as f:
            ewc_codes = {r["code"].strip() for r in csv.DictReader(f)}
    ewc_chapters = {c[:2] for c in ewc_codes}
    nace_classes = set()
    if nace_path:
        with open(nace_path, encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r.get("Class"):
                    nace_classes.add(r["Class"].strip())

    cats = load_yaml("categories.yaml") or []
    cat_by_id = {}
    used_codes = set()
    for c in cats:
        cat_by_id[c["id"]] = c
        for code in c.get("ewc") or []:
            used_codes.add(code)
            if code not in ewc_codes:
                err(f"categories.yaml: {c['id']}: EWC code {code!r} not in ewc_codes.csv")

    mats = load_yaml("materials.yaml")
    if not isinstance(mats, list):
        err("materials.yaml: top level must be a list")
        mats = []
    ids = set()
    per_cat = defaultdict(int)
    syn_owner = defaultdict(list)
    for i, m in enumerate(mats):
        where = f"materials.yaml[{i}] {m.get('id', '?') if isinstance(m, dict) else '?'}"
        if not isinstance(m, dict):
            err(f"{where}: entry is not a mapping")
            continue
        for k in REQUIRED:
            if k not in m:
                err(f"{where}: missing field {k!r}")
        mid = m.get("id")
        if mid in ids:
            err(f"{where}: duplicate id")
        ids.add(mid)
        if mid and not re.fullmatch(r"[a-z0-9_]+", str(mid)):
            err(f"{where}: id should be snake_case ascii")
        cat = m.get("category")
        if cat not in cat_by_id:
            err(f"{where}: unknown category {cat!r}")
        else:
            per_cat[cat] += 1
            kind = cat_by_id[cat].get("kind")
            if kind in UNIT_BY_KIND and m.get("unit") != UNIT_BY_KIND[kind]:
                err(f"{where}: unit {m.get('unit')!r} but category kind {kind!r} expects {UNIT_BY_KIND[kind]!r}")
        if m.get("unit") not in UNITS:
            err(f"{where}: unit {m.get('unit')!r} not in {sorted(UNITS)}")
        if not isinstance(m.get("hazardous"), bool):
            err(f"{where}: hazardous must be true/false")
        codes = m.get("ewc")
        if not isinstance(codes, list):
            err(f"{where}: ewc must be a list")
            codes = []
        if len(codes) != len(set(codes)):
            err(f"{where}: duplicate EWC code")
        for code in codes:
            used_codes.add(code)
            if code not in ewc_codes:
                err(f"{where}: EWC code {code!r} not in ewc_codes.csv")
        if codes and m.get("hazardous") is False and codes[0].endswith("*"):
            warn(f"{where}: best EWC code {codes[0]} is hazardous but hazardous: false")
        for lang in ("en", "lv"):
            syns = m.get(lang)
            if not isinstance(syns, list) or not syns:
                err(f"{where}: {lang} must be a non-empty list")
                continue
            seen = set()
            for s in syns:
                if not isinstance(s, str) or not s.strip():
                    err(f"{where}: {lang}: empty or non-string synonym {s!r}")
                    continue
                if s != s.strip() or "  " in s:
                    err(f"{where}: {lang}: stray whitespace in {s!r}")
                if not is_lower_ok(s):
                    err(f"{where}: {lang}: {s!r} should be lower case")
                key = s.lower()
                if key in seen:
                    err(f"{where}: {lang}: synonym {s!r} repeated")
                seen.add(key)
                syn_owner[(lang, key)].append(mid)

    for (lang, key), owners in sorted(syn_owner.items()):
        if len(set(owners)) > 1:
            warn(f"synonym {lang}:{key!r} shared by {sorted(set(owners))}")

    for cid in cat_by_id:
        if per_cat[cid] == 0:
            err(f"category {cid} has no material")

    ewc_lv = load_yaml("ewc_lv.yaml")
    if not isinstance(ewc_lv, dict):
        err("ewc_lv.yaml: top level must be a mapping")
        ewc_lv = {}
    for code, label in ewc_lv.items():
        code = str(code)
        if len(code) == 2:
            if code not in ewc_chapters:
                err(f"ewc_lv.yaml: chapter {code!r} unknown")
        elif code not in ewc_codes:
            err(f"ewc_lv.yaml: code {code!r} not in ewc_codes.csv")
        if not isinstance(label, str) or not label.strip():
            err(f"ewc_lv.yaml: {code}: empty label")
    for ch in sorted(ewc_chapters):
        if ch not in ewc_lv:
            err(f"ewc_lv.yaml: chapter heading {ch} missing")
    for code in sorted(used_codes):
        if code not in ewc_lv:
            err(f"ewc_lv.yaml: code {code} used in materials/categories has no Latvian label")

    nace_lv = load_yaml("nace_lv.yaml")
    if not isinstance(nace_lv, dict):
        err("nace_lv.yaml: top level must be a mapping")
        nace_lv = {}
    for code, label in nace_lv.items():
        if str(code) not in nace_classes:
            err(f"nace_lv.yaml: class {code!r} not in nace_rev2.csv (write codes as quoted strings, e.g. \"16.10\")")
        if not isinstance(label, str) or not label.strip():
            err(f"nace_lv.yaml: {code}: empty label")

    print(f"categories: {len(cat_by_id)}")
    print(f"materials: {len(mats)} (categories covered: {sum(1 for c in cat_by_id if per_cat[c])}/{len(cat_by_id)})")
    print(f"synonyms: en {sum(len(m.get('en') or []) for m in mats if isinstance(m, dict))}, "
          f"lv {sum(len(m.get('lv') or []) for m in mats if isinstance(m, dict))}")
    print(f"EWC codes used: {len(used_codes)}; ewc_lv labels: {len(ewc_lv)} "
          f"({sum(1 for k in ewc_lv if len(str(k)) == 2)} chapters)")
    print(f"nace_lv labels: {len(nace_lv)}")
    if warnings:
        print(f"warnings: {len(warnings)}")
        if not quiet:
            for w in warnings:
                print("  WARN", w)
    if errors:
        print(f"ERRORS: {len(errors)}")
        for e in errors:
            print("  ERROR", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
