"""Streaming benchmark (issue 19): time to the first piece of an answer against its total time,
for `POST /api/chat/stream` (first `delta` event) and `/v1/chat/completions` with
`stream=true` (first chunk with content). Bar: first piece ≤ 0.3 × total for a long answer.

.venv/bin/python bench/bench_streaming.py [--runs 5] [--data DIR]
    [--llm-url http://127.0.0.1:8080/v1 --llm-model NAME]

The app runs in this process under uvicorn on a loopback port; requests are real HTTP. By
default on a fresh data directory (the shipped knowledge and demo park, the hashing embedder:
the figure is about streaming, not retrieval); `--data` uses a prepared one as it is. With
`--llm-url` the answers are worded by that OpenAI-compatible server (e.g. llama.cpp's), and
its tokens are what streams. Every run asks as a new user, so `/v1` never replays a stored
answer. Only loopback traffic.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import save  # noqa: E402

QUESTIONS = [  # long answers: partners with their benefits, the legal route, citations
    "Mums ir 2400 t zāģskaidu gadā. Kas tās var izmantot?",
    "We produce 2,400 t of sawdust a year. Who can use it and what are the legal steps?",
]
BAR = 0.3


def build_services(data: Path | None, llm_url: str | None, llm_model: str | None) -> Any:
    from assistant.composition import Services
    from assistant.config import Settings
    from assistant.park import load_demo_park

    llm: dict[str, Any] = {}
    if llm_url:
        llm = {
            "llm_provider": "openai",
            "llm_base_url": llm_url,
            "llm_model": llm_model or "local",
            "llm_timeout_s": 600,
        }
    if data is not None:
        return Services(Settings(data_dir=data, **llm))  # type: ignore[call-arg]
    from assistant.retrieval.embedders import HashEmbedder
    from assistant.retrieval.vector_index import InMemoryVectorIndex

    fresh = Path(tempfile.mkdtemp(prefix="bench-streaming-"))
    settings = Settings(data_dir=fresh, embedding_backend="hash", _env_file=None, **llm)  # type: ignore[call-arg]
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    built.ingestor.ingest_paths([settings.knowledge_dir])
    load_demo_park(built.park, settings.demo_park)
    return built


def serve(services: Any) -> tuple[str, Any]:
    import socket

    import uvicorn

    from assistant.api.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(services=services), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.time() + 60
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    if not server.started:
        raise SystemExit("uvicorn did not start")
    return f"http://127.0.0.1:{port}", server


def sse_run(http: Any, url: str, token: str, question: str) -> dict[str, Any]:
    started = time.perf_counter()
    first = None
    events: list[str] = []
    answer, composer = "", None
    with http.stream(
        "POST",
        f"{url}/api/chat/stream",
        json={"message": question},
        headers={"Authorization": f"Bearer {token}"},
    ) as response:
        response.raise_for_status()
        name = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
                events.append(name)
                if name == "delta" and first is None:
                    first = time.perf_counter() - started
            elif line.startswith("data: ") and name == "done":
                done = json.loads(line[6:])
                answer = done["answer"]
                composer = done["trace"].get("composer")
    total = time.perf_counter() - started
    return _row(first, total, answer, events.count("delta"), "replace" in events, composer)


def v1_run(http: Any, url: str, token: str, question: str) -> dict[str, Any]:
    started = time.perf_counter()
    first = None
    text, chunks, extra = "", 0, {}
    with http.stream(
        "POST",
        f"{url}/v1/chat/completions",
        json={
            "model": "simbioze",
            "stream": True,
            "messages": [{"role": "user", "content": question}],
        },
        headers={"Authorization": f"Bearer {token}"},
    ) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            body = json.loads(line[6:])
            content = body["choices"][0]["delta"].get("content") or ""
            if content:
                chunks += 1
                text += content
                if first is None:
                    first = time.perf_counter() - started
            extra = body.get("simbioze") or extra
    total = time.perf_counter() - started
    return _row(first, total, text, chunks, bool(extra.get("replaced")), extra.get("composer"))


def _row(
    first: float | None, total: float, answer: str, pieces: int, replaced: bool, composer: Any
) -> dict[str, Any]:
    return {
        "first_s": round(first if first is not None else total, 3),
        "total_s": round(total, 3),
        "ratio": round((first if first is not None else total) / total, 3),
        "pieces": pieces,
        "answer_chars": len(answer),
        "replaced": replaced,
        "composer": composer,
    }


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ratios = [r["ratio"] for r in rows]
    return {
        "median_first_s": round(statistics.median(r["first_s"] for r in rows), 3),
        "median_total_s": round(statistics.median(r["total_s"] for r in rows), 3),
        "median_ratio": round(statistics.median(ratios), 3),
        "meets_bar": statistics.median(ratios) <= BAR,
        "runs": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="a prepared data directory (default: fresh)")
    parser.add_argument("--llm-url", help="an OpenAI-compatible server's base URL (…/v1)")
    parser.add_argument("--llm-model", help="the model name to ask that server for")
    parser.add_argument("--name", default="streaming", help="results file name")
    args = parser.parse_args()
    import httpx

    services = build_services(args.data, args.llm_url, args.llm_model)
    url, server = serve(services)
    load_before = [round(x, 2) for x in os.getloadavg()]
    results: dict[str, Any] = {"bar": f"first piece <= {BAR} x total", "llm": args.llm_url}
    try:
        with httpx.Client(timeout=900) as http:
            warm = services.auth.create_user("bench-warm", "facilitator").token
            sse_run(http, url, warm, QUESTIONS[0])  # models and caches loaded once
            for route, run in (("sse", sse_run), ("v1_stream", v1_run)):
                rows = []
                for n in range(args.runs):
                    user = f"bench-{route}-{n}-{time.time_ns()}"
                    token = services.auth.create_user(user, "facilitator").token
                    question = QUESTIONS[n % len(QUESTIONS)]
                    rows.append({"question": question, **run(http, url, token, question)})
                results[route] = summary(rows)
    finally:
        server.should_exit = True
    results["load_before"] = load_before
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    save(args.name, results)


if __name__ == "__main__":
    main()
