"""Receiving-sector latency (`assistant synergies sectors`, GET /api/synergies/sectors): warm
p50/p95 over distinct queries, and the cold first call that loads the corpus and fits nothing.

.venv/bin/python -m bench.bench_sectors [--n 400] [--data-dir DIR]

Queries are the documented exchanges' own materials (English and Latvian, with their EWC code
and donor NACE code), cycled. The free-text run asks distinct texts (the ~690 different names),
so none is answered from the taxonomy's cache of query vectors; a third run asks the same texts
again, which that cache serves.

The engine is the product's after `assistant setup`: the embedding model exported for
onnxruntime into the data directory (done here first unless DIR already holds a current export,
not timed), the taxonomy's entry vectors encoded before timing.
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.composition import Services  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.retrieval.embedders import prepare_onnx  # noqa: E402
from assistant.synergies.corpus import load_corpus  # noqa: E402
from bench.common import save, time_calls  # noqa: E402


def queries() -> list[tuple[str, str | None, str | None]]:
    found: list[tuple[str, str | None, str | None]] = []
    for row in load_corpus().rows:
        for text in (row.material_en, row.material_lv):
            found.append((text, row.ewc or None, row.donor_nace))
    return found


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--data-dir", type=Path, help="kept between runs (default: a temp dir)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    asked = queries()
    texts = list(dict.fromkeys(text for text, _ewc, _nace in asked))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=args.data_dir or Path(tmp), _env_file=None)  # type: ignore[call-arg]
        prepare_onnx(settings)
        services = Services(settings)
        engine = services.synergy_engine
        engine.taxonomy.suggester.prepare()  # the entries' vectors: not the sectors path
        start = time.perf_counter()
        engine.sectors(*asked[0])
        cold_ms = round((time.perf_counter() - start) * 1000, 1)
        cpu = cpu_seconds()
        warm = time_calls(lambda i: engine.sectors(*asked[(i + 1) % len(asked)]), args.n)
        cpu_warm = cpu_seconds() - cpu
        asked_next = itertools.count()  # the warm-up's texts are not timed again
        cpu = cpu_seconds()
        text_only = time_calls(
            lambda _i: engine.sectors(texts[next(asked_next) % len(texts)]), args.n
        )
        cpu_text = cpu_seconds() - cpu
        again = time_calls(lambda i: engine.sectors(texts[(i + 5) % len(texts)]), args.n, warmup=0)
    save(
        "sectors",
        {
            "queries": len(asked),
            "distinct_texts": len(texts),
            "embedder": type(services.embedder).__name__,
            "load_average": {"before": load_before, "after": os.getloadavg()},
            "first_call_ms": cold_ms,
            "warm_with_codes": {
                **warm,
                "cpu_ms_per_query": round(cpu_warm * 1000 / (args.n + 5), 1),
            },
            "warm_text_only": {
                **text_only,
                "cpu_ms_per_query": round(cpu_text * 1000 / (args.n + 5), 1),
            },
            "warm_text_only_asked_again": again,
        },
    )


if __name__ == "__main__":
    main()
