"""Requests per minute for each token (or session, or address): a token bucket per key.

Kept in each app process: with N workers a client gets at most N times the limit, which is
what a limit against runaway scripts needs; a shared store would add a service for no gain.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant.errors import RateLimited

MAX_KEYS = 50_000  # forget the idlest keys past this, so memory stays bounded


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def check(self, key: str) -> None:
        """Take one request from the key's bucket, or raise RateLimited with a retry time."""
        if not self.enabled:
            return
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(key) or _Bucket(float(self.per_minute), now)
            bucket.tokens = min(self.per_minute, bucket.tokens + (now - bucket.at) * self._rate)
            bucket.at = now
            self._buckets[key] = bucket
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                self._forget_idle()
                return
            wait = math.ceil((1.0 - bucket.tokens) / self._rate)
        raise RateLimited(f"more than {self.per_minute} requests a minute; retry in {wait} s",
                          retry_after_s=wait, details={"limit_per_minute": self.per_minute})

    def _forget_idle(self) -> None:
        if len(self._buckets) > MAX_KEYS:
            idlest = sorted(self._buckets, key=lambda k: self._buckets[k].at)
            for key in idlest[: len(idlest) // 2]:
                del self._buckets[key]
