"""Warm chat latency without an LLM: every turn of the dev and held-out conversations, asked in
order as their askers, after a warm-up pass over other conversations (dev_followups, dev_s6:
models and park caches warm, but no answer or query vector of a measured turn seen before);
p50/p95 of whole answers (understand → check).

    python -m bench.bench_chat [--data DIR]

DIR holds an ingested knowledge base and the demo park (built there when missing). The bar
(issue 15) is p95 ≤ 250 ms.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench.common import percentiles, save

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "eval" / "chat"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("/tmp/simbioze-bench-chat"))
    args = parser.parse_args()

    from assistant.composition import Services
    from assistant.config import Settings
    from assistant.evaluation.chat import company_ids, load_cases, viewer_for
    from assistant.park import load_demo_park

    ready = args.data / "ready"
    services = Services(Settings(data_dir=args.data, _env_file=None))
    services.init_db()
    if not ready.exists():
        services.ingestor.ingest_paths([ROOT / "knowledge"])
        load_demo_park(services.park, ROOT / "knowledge" / "parks" / "demo_park.json")
        ready.touch()
    ids = company_ids(services.park)
    cases = [c for name in ("dev", "heldout") for c in load_cases(SETS / f"{name}.yaml")]
    warm = [c for name in ("dev_followups", "dev_s6") for c in load_cases(SETS / f"{name}.yaml")]

    def run(cases: list) -> list[float]:
        samples = []
        for case in cases:
            viewer, conversation = viewer_for(case.asker, ids), None
            for turn in case.turns:
                started = time.perf_counter()
                response = services.chat.ask(turn.q, conversation, viewer=viewer)
                samples.append((time.perf_counter() - started) * 1000)
                conversation = response.conversation_id
        return samples

    run(warm)  # models loaded, park caches filled; the measured questions not yet asked
    samples = run(cases)
    save("chat", {"what": "warm chat answer, no LLM, dev + held-out turns", **percentiles(samples)})
    services.close()


if __name__ == "__main__":
    main()
