"""Requests per minute for each token (or session, or address): a token bucket per key.

`check` takes one request or refuses; for failed attempts (a wrong password, an unknown
token) `take` counts one and `ensure_open` refuses every request of the key while its bucket
is empty, so a right guess made after the limit is refused like a wrong one.

Kept in each app process: with N workers a client gets at most N times the limit, which is
what a limit against runaway scripts needs; a shared store would add a service for no gain.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from assistant.errors import RateLimited

MAX_KEYS = 50_000  # forget the idlest keys past this, so memory stays bounded


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic, counts: str = "requests"
    ) -> None:
        self.per_minute = per_minute
        self.counts = counts  # what the limit is on, for the message
        self._rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def check(self, key: str) -> None:
        """Take one request from the key's bucket, or raise RateLimited with a retry time."""
        if self.enabled and not self._take(key):
            self._refuse(key)

    def take(self, key: str) -> None:
        """Count one (a failed attempt) without refusing: `ensure_open` refuses the next."""
        if self.enabled:
            self._take(key)

    def ensure_open(self, key: str) -> None:
        """Raise RateLimited while the key's bucket is empty; take nothing."""
        if not self.enabled:
            return
        with self._lock:
            bucket = self._refilled(key)
            if bucket is None or bucket.tokens >= 1.0:
                return
        self._refuse(key)

    def _take(self, key: str) -> bool:
        with self._lock:
            bucket = self._refilled(key) or _Bucket(float(self.per_minute), self._clock())
            self._buckets[key] = bucket
            if bucket.tokens < 1.0:
                return False
            bucket.tokens -= 1.0
            self._forget_idle()
            return True

    def _refilled(self, key: str) -> _Bucket | None:
        bucket = self._buckets.get(key)
        if bucket is not None:
            now = self._clock()
            bucket.tokens = min(self.per_minute, bucket.tokens + (now - bucket.at) * self._rate)
            bucket.at = now
        return bucket

    def _refuse(self, key: str) -> NoReturn:
        with self._lock:
            bucket = self._buckets.get(key)
            missing = 1.0 - (bucket.tokens if bucket else 0.0)
        wait = max(1, math.ceil(missing / self._rate))
        raise RateLimited(
            f"more than {self.per_minute} {self.counts} a minute; retry in {wait} s",
            retry_after_s=wait,
            details={"limit_per_minute": self.per_minute},
        )

    def _forget_idle(self) -> None:
        if len(self._buckets) > MAX_KEYS:
            idlest = sorted(self._buckets, key=lambda k: self._buckets[k].at)
            for key in idlest[: len(idlest) // 2]:
                del self._buckets[key]
