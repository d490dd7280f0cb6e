"""Receiving-sector latency (`assistant synergies sectors`, GET /api/synergies/sectors): warm
p50/p95 over distinct queries, and the cold first call that loads the corpus and fits nothing.

.venv/bin/python -m bench.bench_sectors [--n 400]

Queries are the documented exchanges' own materials (English and Latvian, with their EWC code
and donor NACE code, ~420 distinct), cycled; nothing in the sectors path caches per query.
The engine is the product's: the taxonomy reads free text with the shipped embedder.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.composition import Services  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.synergies.corpus import load_corpus  # noqa: E402
from bench.common import save, time_calls  # noqa: E402


def queries() -> list[tuple[str, str | None, str | None]]:
    found = []
    for row in load_corpus().rows:
        for text in (row.material_en, row.material_lv):
            found.append((text, row.ewc or None, row.donor_nace))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    args = parser.parse_args()
    asked = queries()
    with tempfile.TemporaryDirectory() as tmp:
        services = Services(Settings(data_dir=Path(tmp), _env_file=None))  # type: ignore[call-arg]
        engine = services.synergy_engine
        engine.taxonomy.suggest("warm up the embedder")  # model load is not the sectors path
        start = time.perf_counter()
        engine.sectors(*asked[0])
        cold_ms = round((time.perf_counter() - start) * 1000, 1)
        warm = time_calls(lambda i: engine.sectors(*asked[(i + 1) % len(asked)]), args.n)
        text_only = time_calls(lambda i: engine.sectors(asked[i % len(asked)][0]), args.n)
    save(
        "sectors",
        {
            "queries": len(asked),
            "first_call_ms": cold_ms,
            "warm_with_codes": warm,
            "warm_text_only": text_only,
        },
    )


if __name__ == "__main__":
    main()
