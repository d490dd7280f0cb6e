"""Concurrent re-indexing of one company's profile runs one at a time in a process: each
writer reads the profile inside the lock, so the last one stores every committed flow."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from assistant.park import profile_index
from assistant.park.profile_index import ProfileIndex


class _SlowIngestor:
    def __init__(self) -> None:
        self.active = 0
        self.most = 0
        self.lock = threading.Lock()

    def index_document(self, source: str, parsed: object, digest: str) -> bool:
        with self.lock:
            self.active += 1
            self.most = max(self.most, self.active)
        time.sleep(0.02)  # embedding and writing take a while
        with self.lock:
            self.active -= 1
        return False

    def delete_source(self, source: str) -> None:  # pragma: no cover - not reached
        raise AssertionError(source)


def test_one_company_is_reindexed_by_one_writer_at_a_time(monkeypatch):
    ingestor = _SlowIngestor()
    index = ProfileIndex(engine=None, taxonomy=None, ingestor=lambda: ingestor)  # type: ignore[arg-type]
    monkeypatch.setattr(ProfileIndex, "_profile", lambda self, company_id: object())
    monkeypatch.setattr(profile_index, "digest_of", lambda parsed: "d")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: index.reindex([7]), range(16)))
    assert ingestor.most == 1
    with ThreadPoolExecutor(8) as pool:  # different companies still index side by side
        list(pool.map(lambda n: index.reindex([n]), range(16)))
    assert ingestor.most > 1
