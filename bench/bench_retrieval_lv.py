"""Latvian retrieval (issue 15): held-out hit@3 (with a BM25-only baseline), the main retrieval
eval, and the warm p95 of `search` over the held-out questions as the chat calls it.

.venv/bin/python -m bench.bench_retrieval_lv [--label after]

Builds a throw-away data directory with the shipped knowledge base and the real offline model.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.composition import Services  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation.retrieval import (  # noqa: E402
    evaluate,
    evaluate_heldout,
    load_cases,
    render,
    render_heldout,
)
from bench.common import save, time_calls  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
HELDOUT = REPO / "tests/eval/retrieval_lv_heldout.yaml"
MAIN = REPO / "tests/eval/retrieval.yaml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="current")
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        services = Services(Settings(data_dir=Path(tmp), _env_file=None))  # type: ignore[call-arg]
        services.init_db()
        assert not services.ingestor.ingest_paths([REPO / "knowledge"]).failed
        retriever = services.retriever
        heldout_cases = load_cases(HELDOUT)
        heldout = evaluate_heldout(retriever, heldout_cases)
        print(render_heldout(heldout))
        main_report = evaluate(retriever, load_cases(MAIN))
        print(render(main_report))
        queries = [(c.q, c.lang) for c in heldout_cases]

        def call(i: int) -> None:
            q, lang = queries[i % len(queries)]
            retriever.search(q, 5, filters={"lang": lang})

        latency = time_calls(call, args.calls, warmup=len(queries))
        print(f"warm search over the held-out questions: {latency}")
        save(
            f"retrieval_lv_{args.label}",
            {
                "heldout": {k: v for k, v in heldout.items() if k != "misses"},
                "heldout_misses": [m["q"] for m in heldout["misses"]],
                "main_eval": main_report["methods"]["hybrid"],
                "main_floor": main_report["floor"],
                "search_latency": latency,
            },
        )
        services.close()


if __name__ == "__main__":
    main()
