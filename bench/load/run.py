"""Load test against a running server: several workers, PostgreSQL and a Chroma server.

    .venv/bin/python -m bench.load.run [--clients 50] [--requests 1000] [--workers 3]
                                       [--embedding sentence-transformers|hash]

It starts the whole stack from scratch (see stack.py), warms every worker up, sends the
requests (half chat turns in conversations of five, half searches) from concurrent clients,
then reads every conversation back. Figures go to bench/results/load.json and stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bench.common import machine, percentiles, save
from bench.load.client import count_lost, run_load, warm_up
from bench.load.stack import running_stack


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--embedding", default="sentence-transformers", choices=["sentence-transformers", "hash"]
    )
    args = parser.parse_args()
    with running_stack(args.workers, args.embedding, args.clients) as stack:
        asyncio.run(warm_up(stack.base_url, stack.workers, stack.admin_token))
        results = asyncio.run(run_load(stack.base_url, stack.tokens, args.requests))
        lost = asyncio.run(count_lost(stack.base_url, results, stack.admin_token))
    report = {
        "setup": {
            "clients": args.clients,
            "requests": args.requests,
            "workers": args.workers,
            "embedding": args.embedding,
            "database": "postgresql",
            "vector_index": "chroma server",
            "setup_seconds": round(stack.setup_seconds, 1),
        },
        "requests_done": results.requests,
        "errors": len(results.errors),
        "error_samples": results.errors[:10],
        "wall_seconds": round(results.wall_seconds, 1),
        "throughput_rps": round(results.requests / results.wall_seconds, 1),
        "latency": {kind: percentiles(samples) for kind, samples in results.latencies.items()},
        **lost,
    }
    save("load", report)
    print(markdown(report), file=sys.stderr)
    ok = report["errors"] == 0 and report["lost_messages"] == 0
    return 0 if ok else 1


def markdown(report: dict) -> str:
    rows = [
        f"| {kind} | {v['n']} | {v['p50_ms']:.0f} | {v['p95_ms']:.0f} | {v['max_ms']:.0f} |"
        for kind, v in sorted(report["latency"].items())
    ]
    return "\n".join(
        [
            f"machine: {json.dumps(machine())}",
            f"{report['requests_done']} requests, {report['setup']['clients']} clients, "
            f"{report['setup']['workers']} workers: {report['errors']} errors, "
            f"{report['lost_messages']} lost messages, {report['throughput_rps']} req/s over "
            f"{report['wall_seconds']} s",
            "| endpoint | n | p50 ms | p95 ms | max ms |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
