"""Synergy engine benchmark on synthetic parks.

    .venv/bin/python bench/bench_synergies.py [--companies 5000] [--whole 2000] [--json]

Bars (issue 3): matching one company p95 <= 50 ms at 5,000 companies x 10 flows; a whole park
<= 2 s at 2,000 companies. Peak memory (tracemalloc) and max RSS are recorded.

The engine keeps its park index per park content (issue 17): one-company requests are timed
with the index given (as issue 3 measured them) and through `match(snapshot, company)` with a
new, equal snapshot, as the API asks (the content check included); the whole park is timed
cold (a new engine: index, documented support, scoring) and warm (the kept index).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.synergies import CompanyData, FlowData, ParkData, SynergyEngine  # noqa: E402
from assistant.synergy_rules import Parameters, Registry  # noqa: E402
from assistant.taxonomy import default_taxonomy  # noqa: E402

PAGE = 50  # suggestions built per request, as the CLI and the API do by default
UNIT = {"energy": "MWh/year", "water": "m3/year", "gas": "t/year", "material": "t/year"}


def synthetic_park(n_companies: int, flows_per_company: int = 10, seed: int = 7) -> ParkData:
    """Companies spread over Latvia (about 450 x 250 km) with sectors and materials drawn
    from the rules, half outputs and half inputs."""
    rng = random.Random(seed)
    registry, taxonomy = Registry.load_builtin(), default_taxonomy()
    sectors = sorted({code for rule in registry for code in rule.feeds.nace if len(code) == 5})
    sectors += ["25.62", "10.51", "16.10", "22.22", "41.20", "46.90", "52.10", "62.01"]
    categories = list(taxonomy.categories.values())
    companies: list[CompanyData] = []
    flows: list[FlowData] = []
    for cid in range(1, n_companies + 1):
        companies.append(
            CompanyData(
                cid,
                f"Company {cid}",
                rng.choice(sectors),
                rng.uniform(55.7, 57.9),
                rng.uniform(21.0, 28.2),
            )
        )
        for n in range(flows_per_company):
            category = rng.choice(categories)
            temperature = rng.uniform(20, 180) if category.kind == "energy" else None
            flows.append(
                FlowData(
                    len(flows) + 1,
                    cid,
                    "output" if n % 2 == 0 else "input",
                    category.en,
                    round(rng.lognormvariate(4, 1.5), 1),
                    UNIT[category.kind],
                    category.id,
                    rng.uniform(0.5, 1.0),
                    category.ewc[0] if category.ewc and rng.random() < 0.5 else None,
                    temperature,
                    category.hazardous,
                )
            )
    return ParkData("synthetic", companies, flows)


def engine() -> SynergyEngine:
    return SynergyEngine(Registry.load_builtin(), Parameters.load(), default_taxonomy(), 2026)


def per_company(n_companies: int, samples: int) -> dict[str, float]:
    park, matcher = synthetic_park(n_companies), engine()
    started = time.perf_counter()
    index = matcher.index(park)
    build = time.perf_counter() - started
    rng = random.Random(1)
    times, kept, counts = [], [], []
    for company in rng.sample(park.companies, samples):
        started = time.perf_counter()
        counts.append(len(matcher.match(park, company.id, index=index, limit=PAGE)))
        times.append((time.perf_counter() - started) * 1000)
        same = ParkData(park.name, list(park.companies), list(park.flows))  # a new snapshot
        started = time.perf_counter()
        matcher.match(same, company.id, limit=PAGE)  # the engine finds its kept index
        kept.append((time.perf_counter() - started) * 1000)
    kept.sort()
    times.sort()
    return {
        "companies": n_companies,
        "flows": len(park.flows),
        "index_build_s": round(build, 3),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        "kept_index_p50_ms": round(statistics.median(kept), 2),
        "kept_index_p95_ms": round(kept[int(0.95 * (len(kept) - 1))], 2),
        "mean_suggestions": round(statistics.mean(counts), 1),
    }


def whole_park(n_companies: int, limit: int | None) -> dict[str, Any]:
    """Index, score every pair and build the best `limit` suggestions (None: all of them)."""
    park, matcher = synthetic_park(n_companies), engine()
    matcher.match(synthetic_park(50, seed=3))  # warm the lazily loaded taxonomy
    started = time.perf_counter()
    found = matcher.match(park, limit=limit)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    matcher.match(park, limit=limit)  # the same park again: the kept index
    warm = time.perf_counter() - started
    tracemalloc.start()  # a cold run for memory (a new engine): tracing slows Python down
    engine().match(park, limit=limit)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "companies": n_companies,
        "flows": len(park.flows),
        "limit": limit,
        "seconds": round(seconds, 3),
        "warm_seconds": round(warm, 3),
        "suggestions": len(found),
        "peak_traced_mb": round(peak / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--whole", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--no-all", action="store_true", help="skip building every suggestion of the park"
    )
    args = parser.parse_args()
    report: dict[str, Any] = {
        "one_company": per_company(args.companies, args.samples),
        "whole_park": whole_park(args.whole, 1000),
        "whole_park_all": None if args.no_all else whole_park(args.whole, None),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    one, whole, every = report["one_company"], report["whole_park"], report["whole_park_all"]
    print(
        f"one company  @ {one['companies']} companies x 10 flows: p50 {one['p50_ms']} ms, "
        f"p95 {one['p95_ms']} ms (bar 50 ms), index build {one['index_build_s']} s"
    )
    for item in (whole, every) if every else (whole,):
        print(
            f"whole park   @ {item['companies']} companies: {item['seconds']} s cold (bar 2 s), "
            f"{item['warm_seconds']} s with the kept index, "
            f"{item['suggestions']} suggestions built, peak {item['peak_traced_mb']} MB traced"
        )
    print(f"max RSS {report['max_rss_mb']} MB")


if __name__ == "__main__":
    main()
