"""The load: concurrent clients, each a user who chats (in conversations of a few turns) and
searches; then every stored conversation is read back to count lost messages."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import defaultdict
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx

CHAT = [
    "We produce about 2,400 t of sawdust a year. Who could use it and what is it worth?",
    "Mums ir 300 t koksnes pelnu gadā, kur tos likt?",
    "cik liels ir dabas resursu nodoklis 2026. gadā",
    "Which pilots should we start in the park?",
    "kad zāģskaidas ir blakusprodukts?",
    "we need 500 MWh of heat for our greenhouse",
    "What did Kalundborg do with gypsum?",
    "kam var noderēt alus drabiņas?",
]
FOLLOW_UPS = ["un kādi ir juridiskie soļi?", "and what would it cost?", "kas par to jāzina?"]
SEARCH = [
    "zāģskaidas blakusprodukts",
    "landfill tax per tonne",
    "koksnes pelni",
    "by-product conditions",
    "industrial symbiosis Kalundborg",
    "siltuma atlikums",
    "plastic film recycling",
    "atkritumu pārstrāde",
]
TURNS = 5  # chat turns per conversation


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    sent: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # conv -> ids
    wall_seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + len(self.errors)


async def _call(
    http: httpx.AsyncClient, results: Results, kind: str, method: str, url: str, **kwargs: Any
) -> dict[str, Any] | list[Any] | None:
    started = time.perf_counter()
    try:
        response = await http.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        results.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
        return None
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        results.errors.append(f"{kind}: HTTP {response.status_code}: {response.text[:200]}")
        return None
    results.latencies[kind].append(elapsed)
    body: dict[str, Any] | list[Any] = response.json()
    return body


async def _user(
    http: httpx.AsyncClient, results: Results, user: int, requests: int, token: str
) -> None:
    http.headers["Authorization"] = f"Bearer {token}"
    conversation: str | None = None
    turn = 0
    questions = itertools.cycle(CHAT[user % len(CHAT) :] + CHAT[: user % len(CHAT)])
    for n in range(requests):
        if n % 2:  # every other request is a search
            query = SEARCH[(user + n) % len(SEARCH)]
            await _call(http, results, "search", "GET", "/api/search", params={"q": query, "k": 5})
            continue
        message = next(questions) if conversation is None else FOLLOW_UPS[turn % len(FOLLOW_UPS)]
        payload: dict[str, str] = {"message": message}
        if conversation:
            payload["conversation_id"] = conversation
        body = await _call(http, results, "chat", "POST", "/api/chat", json=payload)
        if isinstance(body, dict):
            conversation = body["conversation_id"]
            results.sent[conversation].append(body["message_id"])
        turn += 1
        if turn % TURNS == 0:
            conversation = None  # the next chat starts a new conversation


async def run_load(base_url: str, tokens: list[str], total: int, timeout: float = 120) -> Results:
    """`total` requests from one client per token, all at once (each its own connection)."""
    results = Results()
    clients = len(tokens)
    per_user = [total // clients + (1 if u < total % clients else 0) for u in range(clients)]
    async with AsyncExitStack() as stack:
        https = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=base_url, timeout=timeout))
            for _ in tokens
        ]
        started = time.perf_counter()
        await asyncio.gather(
            *(_user(https[u], results, u, n, tokens[u]) for u, n in enumerate(per_user))
        )
        results.wall_seconds = time.perf_counter() - started
    return results


async def warm_up(base_url: str, workers: int, token: str) -> None:
    """Each worker loads the model and its caches before the measured run."""
    async with httpx.AsyncClient(
        base_url=base_url, timeout=300, headers={"Authorization": f"Bearer {token}"}
    ) as http:
        await asyncio.gather(
            *(
                http.get("/api/search", params={"q": SEARCH[i % len(SEARCH)]})
                for i in range(workers * 4)
            )
        )
        await asyncio.gather(
            *(
                http.post("/api/chat", json={"message": CHAT[i % len(CHAT)]})
                for i in range(workers * 4)
            )
        )


async def count_lost(base_url: str, results: Results, admin_token: str) -> dict[str, int]:
    """Every answered chat must be stored: its question and its answer (by id)."""
    expected = stored = missing_answers = 0
    async with httpx.AsyncClient(
        base_url=base_url, timeout=60, headers={"Authorization": f"Bearer {admin_token}"}
    ) as http:
        for conversation, ids in results.sent.items():
            response = await http.get(f"/api/conversations/{conversation}")
            messages = response.json().get("messages", []) if response.status_code == 200 else []
            answers = {m["id"] for m in messages if m["role"] == "assistant"}
            expected += 2 * len(ids)
            stored += len(messages)
            missing_answers += sum(1 for i in ids if i not in answers)
    return {
        "conversations": len(results.sent),
        "expected_messages": expected,
        "stored_messages": stored,
        "missing_answers": missing_answers,
        "lost_messages": max(0, expected - stored) + missing_answers,
    }
