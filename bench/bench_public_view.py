"""What the public view costs: the same synthetic park matched as staff and as a municipal
viewer (a fifth of the companies and a tenth of the other flows confidential).

    .venv/bin/python bench/bench_public_view.py [--companies 2000] [--samples 30]

The municipal viewer's request also builds its view (bands, cells, labels) and its own index,
so this is the full price of non-interference per request.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.auth.viewer import LOCAL_ADMIN, Viewer  # noqa: E402
from assistant.park import visibility  # noqa: E402
from bench.bench_synergies import engine, synthetic_park  # noqa: E402

MUNICIPAL = Viewer(name="council", role="municipal")


def with_secrets(n_companies: int, seed: int = 11):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    park = synthetic_park(n_companies)
    hidden = {c.id for c in park.companies if rng.random() < 0.2}
    companies = [replace(c, confidential=c.id in hidden) for c in park.companies]
    flows = [replace(f, confidential=rng.random() < 0.1) for f in park.flows]
    return replace(park, companies=companies, flows=flows)


def timed(park, viewer, company, samples: int, limit: int | None):  # type: ignore[no-untyped-def]
    built = engine()
    runs = []
    for _ in range(samples):
        start = time.perf_counter()
        view = visibility.park_view(park, viewer)
        visibility.suggestions(built.match(view, company, limit=limit))
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return {
        "p50_ms": round(statistics.median(runs), 1),
        "p95_ms": round(runs[max(0, int(len(runs) * 0.95) - 1)], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    park = with_secrets(args.companies)
    company = park.companies[len(park.companies) // 2].id
    out = {"companies": args.companies, "flows": len(park.flows)}
    for name, viewer in (("staff", LOCAL_ADMIN), ("municipal", MUNICIPAL)):
        out[f"{name}_one_company_best_50"] = timed(park, viewer, company, args.samples, 50)
        out[f"{name}_whole_park_best_1000"] = timed(park, viewer, None, 3, 1000)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
