#!/usr/bin/env python3
"""Write the taxonomy entries' vectors shipped with the package
(assistant/taxonomy/data/entry_vectors.npz) with the product's embedder: the default model,
exported for onnxruntime as `assistant setup` does, as every data directory would encode them.

Run it after editing the taxonomy's data files (tests/taxonomy/test_shipped_vectors.py fails
until then):

    .venv/bin/python scripts/taxonomy_vectors.py [--data-dir DIR]

DIR keeps the ONNX export between runs (default: a temporary directory, exported anew).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import PACKAGED_MODEL, Settings  # noqa: E402
from assistant.retrieval.embedders import make_embedder, prepare_onnx  # noqa: E402
from assistant.taxonomy import Taxonomy  # noqa: E402
from assistant.taxonomy.vectors import SHIPPED, save_shipped  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--data-dir", type=Path, help="where the ONNX export is kept")
    parser.add_argument("--out", type=Path, default=SHIPPED)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            data_dir=args.data_dir or Path(tmp),
            embedding_backend="sentence-transformers",
            embedding_model=PACKAGED_MODEL,
            _env_file=None,
        )
        exported = prepare_onnx(settings)
        embedder = make_embedder(settings)
        texts = list(dict.fromkeys(e.text for e in Taxonomy().suggester.entries))
        started = time.perf_counter()
        vectors = embedder.encode(texts)
        seconds = time.perf_counter() - started
    save_shipped(args.out, embedder.name, texts, vectors)
    print(
        f"{args.out}: {len(texts)} texts, model {embedder.name!r} "
        f"({'onnxruntime' if exported else type(embedder).__name__}), "
        f"{args.out.stat().st_size / 1e6:.2f} MB, encoded in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
