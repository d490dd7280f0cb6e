"""Retrieval benchmarks: encode vs ingest throughput, warm search latency, cold start, memory.

.venv/bin/python -m bench.bench_retrieval [--synthetic 100000] [--skip-synthetic]

The ~130 evaluation questions are cycled, so the first pass of the timed searches is all
distinct queries; nothing in the search path caches per query.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from sqlmodel import Session  # noqa: E402

from assistant.composition import Services  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.ingest.chunking import chunk_document  # noqa: E402
from assistant.ingest.loaders import load  # noqa: E402
from assistant.ingest.pipeline import passage  # noqa: E402
from assistant.models import Chunk, Document  # noqa: E402
from assistant.retrieval.store import bump_revision, to_blob  # noqa: E402
from bench.common import save, time_calls  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
QUERIES = [
    c["q"]
    for f in sorted((REPO / "tests/eval").glob("retrieval*.yaml"))
    for c in yaml.safe_load(f.read_text("utf-8")) or []
]


def corpus_passages(max_chars: int) -> list[str]:
    texts = []
    for path in sorted(KNOWLEDGE.rglob("*.md")):
        doc = load(path, path.read_bytes(), path.stem)
        texts.extend(passage(d) for d in chunk_document(doc, max_chars))
    return texts


def throughput(services: Services) -> dict[str, float]:
    texts = corpus_passages(services.settings.chunk_max_chars)
    services.embedder.encode(texts[:32])  # load the model outside the timings
    start = time.perf_counter()
    services.embedder.encode(texts)
    raw = len(texts) / (time.perf_counter() - start)
    report = services.ingestor.ingest_paths([KNOWLEDGE])
    ingest = report.chunks_embedded / report.seconds
    return {
        "chunks": len(texts),
        "raw_encode_chunks_per_s": round(raw, 1),
        "ingest_chunks_per_s": round(ingest, 1),
        "ingest_ratio": round(ingest / raw, 3),
        "ingest_seconds": round(report.seconds, 1),
    }


def warm_latency(services: Services, n: int = 200) -> dict[str, float]:
    retriever = services.retriever
    queries = QUERIES or ["by-product conditions"]
    return time_calls(lambda i: retriever.search(queries[i % len(queries)], 5), n)


def encode_latency(services: Services, n: int = 200) -> dict[str, float]:
    """The query encode alone: the part of a search the model takes."""
    embedder = services.embedder
    queries = QUERIES or ["by-product conditions"]
    return time_calls(lambda i: embedder.encode_query(queries[i % len(queries)]), n)


def add_synthetic(services: Services, total: int, seed: int = 7) -> None:
    """Synthetic chunks with domain vocabulary and random unit vectors (no model needed)."""
    rng = random.Random(seed)
    vocab = sorted({w for q in QUERIES for w in q.lower().split() if len(w) > 3}) or ["waste"]
    dim = services.embedder.dim
    batch = 5000
    for start in range(0, total, batch):
        with Session(services.engine) as session:
            doc = Document(
                doc_id=f"synthetic-{start}",
                source=f"synthetic:{start}",
                title=f"Synthetic {start}",
                lang=rng.choice(["lv", "en"]),
                type="guide",
                jurisdiction="EU",
                sources=[],
                format="markdown",
                content_hash="-",
                embed_model=services.embedder.name,
                n_chunks=batch,
            )
            session.add(doc)
            session.flush()
            vectors = np.random.default_rng(start).normal(size=(batch, dim)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            for i in range(batch):
                text = " ".join(rng.choice(vocab) for _ in range(80))
                session.add(
                    Chunk(
                        id=f"synthetic-{start}#{i}",
                        document_id=doc.id or 0,
                        ordinal=i,
                        section=f"Synthetic {start} > s{i}",
                        text=text,
                        embedding=to_blob(vectors[i]),
                    )
                )
            bump_revision(session)
            session.commit()
    services.ingestor.sync_index()


def cold_start(data_dir: Path) -> float:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    exe = str(Path(sys.executable).parent / "assistant")
    start = time.perf_counter()
    subprocess.run(
        [exe, "search", "blakusprodukta nosacījumi", "--json"],
        env=env,
        check=True,
        capture_output=True,
    )
    return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        services = Services(Settings(data_dir=Path(tmp), _env_file=None))  # type: ignore[call-arg]
        services.init_db()
        result: dict = {"throughput": throughput(services)}
        result["search_shipped_corpus"] = warm_latency(services)
        result["query_encode"] = encode_latency(services)
        result["cold_start_search_s"] = cold_start(Path(tmp))
        if not args.skip_synthetic:
            start = time.perf_counter()
            add_synthetic(services, args.synthetic)
            result["synthetic_load_s"] = round(time.perf_counter() - start, 1)
            services.retriever.snapshot()  # build the keyword index outside the timings
            result[f"search_{args.synthetic}_chunks"] = warm_latency(services)
        services.close()
    save("retrieval", result)


if __name__ == "__main__":
    main()
