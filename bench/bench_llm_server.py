"""The LLM path against a real local model server (issue 19): llama.cpp's OpenAI-compatible
server (`llama-cpp-python[server]`) with a small GGUF model, and the chat's own LangChain
`ChatOpenAI` provider talking to it. For every question: the answer, whether the model's
wording passed the evidence checks (composer `llm`) or fell back to the offline answer (the
trace's `llm fallback: …` note says why), the latency, the time to the first token and the
model's tokens per second.

.venv/bin/python bench/bench_llm_server.py --server-python /tmp/llmvenv/bin/python \
    --model /tmp/gguf/SmolLM2-135M-Instruct.Q4_1.gguf
.venv/bin/python bench/bench_llm_server.py --url http://127.0.0.1:8080/v1   # a running one

The server is started on a loopback port and stopped at the end. The park is a fresh data
directory with the shipped knowledge and demo park (hashing embedder: the figure is about the
model path). Results go to bench/results/llm_server.json; docs/benchmarks.md quotes them.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import save  # noqa: E402

QUESTIONS = [
    ("en", "When is a production residue a by-product?"),
    ("en", "We produce 2,400 t of sawdust a year. Who can use it?"),
    ("en", "What is the landfill tax in Latvia?"),
    ("lv", "Kad ražošanas atlikums ir blakusprodukts?"),
    ("lv", "Mums ir 2400 t zāģskaidu gadā. Kas tās var izmantot?"),
    ("lv", "Kur likt koksnes pelnus?"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(python: str, model: Path, ctx: int, threads: int) -> tuple[str, Any]:
    port = free_port()
    log = open(Path(tempfile.gettempdir()) / f"llama-server-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            python,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            str(ctx),
            "--n_threads",
            str(threads),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 300
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the model server exited ({process.returncode}); see {log.name}")
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as r:
                if r.status == 200:
                    return url, process
        except OSError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("the model server did not answer within 300 s")


class Meter:
    """LangChain callbacks: when the model call started, its first token, its end and how
    many tokens it produced."""

    def __init__(self) -> None:
        from langchain_core.callbacks import BaseCallbackHandler

        meter = self

        class Handler(BaseCallbackHandler):
            def on_chat_model_start(self, *args: Any, **kwargs: Any) -> None:
                meter.reset()
                meter.started = time.perf_counter()

            def on_llm_new_token(self, token: str, **kwargs: Any) -> None:
                meter.streamed += 1
                if meter.first is None:
                    meter.first = time.perf_counter()

            def on_llm_end(self, response: Any, **kwargs: Any) -> None:
                meter.ended = time.perf_counter()
                usage = (response.llm_output or {}).get("token_usage") or {}
                meter.completion_tokens = usage.get("completion_tokens")
                for generations in response.generations:
                    for g in generations:
                        found = getattr(getattr(g, "message", None), "usage_metadata", None)
                        if found:
                            meter.completion_tokens = found.get("output_tokens")

        self.handler = Handler()
        self.reset()

    def reset(self) -> None:
        self.started: float | None = None
        self.first: float | None = None
        self.ended: float | None = None
        self.streamed = 0
        self.completion_tokens: int | None = None

    def figures(self) -> dict[str, Any]:
        if self.started is None or self.ended is None:
            return {"model_called": False}
        tokens = self.completion_tokens or self.streamed
        seconds = self.ended - self.started
        decode = self.ended - (self.first or self.started)
        return {
            "model_called": True,
            "model_s": round(seconds, 2),
            "first_token_s": round(self.first - self.started, 2) if self.first else None,
            "tokens": tokens,
            "tokens_per_s": round(tokens / decode, 1) if decode > 0 and tokens else None,
        }


def build(url: str, model_name: str, meter: Meter, max_tokens: int) -> Any:
    from langchain_openai import ChatOpenAI

    from assistant.composition import Services
    from assistant.config import Settings
    from assistant.park import load_demo_park
    from assistant.retrieval.embedders import HashEmbedder
    from assistant.retrieval.vector_index import InMemoryVectorIndex

    data = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    settings = Settings(
        data_dir=data,
        embedding_backend="hash",
        llm_provider="openai",
        llm_model=model_name,
        llm_base_url=url,
        llm_timeout_s=600,
        _env_file=None,
    )  # type: ignore[call-arg]
    model = ChatOpenAI(
        model=model_name,
        base_url=url,
        api_key="not-needed",  # type: ignore[arg-type]
        temperature=settings.llm_temperature,
        max_retries=0,
        timeout=settings.llm_timeout_s,
        # as `max_tokens`: llama.cpp's server ignores the newer `max_completion_tokens`, and a
        # small model may then run on to the end of its context
        extra_body={"max_tokens": max_tokens},
        callbacks=[meter.handler],
    )
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex(), llm=model)
    built.init_db()
    built.ingestor.ingest_paths([settings.knowledge_dir])
    load_demo_park(built.park, settings.demo_park)
    return built


def ask(services: Any, meter: Meter, lang: str, question: str) -> dict[str, Any]:
    from assistant.api.streaming import streaming_kwargs

    chat = services.chat
    pieces: list[str] = []
    first: list[float] = []
    started = time.perf_counter()

    def on_token(piece: str) -> None:
        if not first:
            first.append(time.perf_counter() - started)
        pieces.append(piece)

    response = chat.ask(question, lang=lang, **streaming_kwargs(chat.ask, on_token))
    seconds = time.perf_counter() - started
    notes = [n for n in response.trace.get("notes", []) if n.startswith("llm fallback")]
    return {
        "lang": lang,
        "question": question,
        "composer": response.trace.get("composer"),
        "grounding": "passed" if response.trace.get("composer") == "llm" else "failed",
        "fallback": notes[0].removeprefix("llm fallback: ") if notes else None,
        "latency_s": round(seconds, 2),
        "first_piece_s": round(first[0], 2) if first else None,
        **meter.figures(),
        "answer": response.answer,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running OpenAI-compatible server (…/v1)")
    parser.add_argument("--server-python", help="a Python with llama-cpp-python[server]")
    parser.add_argument("--model", type=Path, help="the GGUF file the server loads")
    parser.add_argument("--model-name", default="local", help="the model name sent")
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=400)
    args = parser.parse_args()
    if not args.url and not (args.server_python and args.model):
        raise SystemExit("give --url, or --server-python and --model")
    process = None
    started = time.perf_counter()
    if args.url:
        url = args.url
    else:
        url, process = start_server(args.server_python, args.model, args.ctx, args.threads)
    server_start_s = round(time.perf_counter() - started, 1)
    load_before = [round(x, 2) for x in os.getloadavg()]
    rows: list[dict[str, Any]] = []
    try:
        meter = Meter()
        services = build(url, args.model_name, meter, args.max_tokens)
        for lang, q in QUESTIONS:
            rows.append(ask(services, meter, lang, q))
            report(args, process, server_start_s, load_before, rows)  # kept as it goes
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)  # the server this script started
            process.wait(30)


def report(
    args: Any, process: Any, server_start_s: float, load_before: list[float], rows: list[Any]
) -> None:
    rates = [r["tokens_per_s"] for r in rows if r.get("tokens_per_s")]
    save(
        "llm_server",
        {
            "server": "llama-cpp-python server" if process else args.url,
            "model": str(args.model.name) if args.model else args.model_name,
            "server_start_s": server_start_s if process else None,
            "max_tokens": args.max_tokens,
            "passed": sum(r["composer"] == "llm" for r in rows),
            "asked": len(rows),
            "median_latency_s": round(statistics.median(r["latency_s"] for r in rows), 2),
            "median_tokens_per_s": round(statistics.median(rates), 1) if rates else None,
            "load_before": load_before,
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "answers": rows,
        },
    )


if __name__ == "__main__":
    main()
