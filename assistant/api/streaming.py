"""Pieces of an answer, from the worker thread that makes it to the response that streams it.

`TokenStream(work)` runs `work(on_token)` in a worker thread; every piece the work hands to
`on_token` is queued for the event loop at once, and its result (or its error) comes last.
`start()` waits for the first item, so an error before any piece is still an ordinary HTTP
error response. When the reader goes — the client disconnects (`items(receive=…)` watches the
connection for it) or the response is cancelled — the stream is closed: the next `on_token`
call raises `StreamClosed`, which ends the work there.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable
from functools import lru_cache
from typing import Any, Generic, TypeVar

import anyio.to_thread
from starlette.types import Receive

from assistant.llm.model import StreamClosed

T = TypeVar("T")
OnToken = Callable[[str], None]
Item = tuple[str, Any]  # ("delta", piece) or ("done", result)


class TokenStream(Generic[T]):
    def __init__(self, work: Callable[[OnToken], T]) -> None:
        self._work = work
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self._closed = False
        self._first: tuple[str, Any] | None = None
        self._task: asyncio.Task[None] | None = None

    # ---- the worker thread's side ------------------------------------------------------
    def _put(self, item: tuple[str, Any]) -> None:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)
        except RuntimeError:  # the loop is closed: nobody is reading any more
            self._closed = True

    def _on_token(self, piece: str) -> None:
        if self._closed:
            raise StreamClosed("the client has gone")
        if piece:
            self._put(("delta", piece))

    def _run(self) -> None:
        try:
            result = self._work(self._on_token)
        except BaseException as exc:  # handed to the reader, which raises or reports it
            self._put(("error", exc))
        else:
            self._put(("done", result))

    # ---- the event loop's side ---------------------------------------------------------
    async def start(self) -> None:
        """Start the work and wait for its first piece; an error before it is raised here."""
        self._task = asyncio.create_task(
            anyio.to_thread.run_sync(self._run, abandon_on_cancel=True)
        )
        self._first = await self._queue.get()
        if self._first[0] == "error":
            raise self._first[1]

    def close(self) -> None:
        self._closed = True

    async def items(self, receive: Receive | None = None) -> AsyncIterator[Item]:
        """("delta", piece)… then ("done", result); an error after the first piece is raised.
        With the request's `receive`, a client that disconnects ends it at once; leaving
        early (a cancelled response) closes the stream too."""
        watcher = asyncio.create_task(self._watch(receive)) if receive else None
        try:
            item = self._first or await self._queue.get()
            self._first = None
            while True:
                kind, value = item
                if kind == "error":
                    raise value
                if kind == "gone":
                    return
                yield (kind, value)
                if kind == "done":
                    return
                item = await self._queue.get()
        finally:
            self.close()
            if watcher is not None:
                watcher.cancel()

    async def _watch(self, receive: Receive) -> None:
        while not self._closed:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.close()
                self._queue.put_nowait(("gone", None))
                return


@lru_cache(maxsize=32)
def _takes_on_token(function: Callable[..., Any]) -> bool:
    try:
        return "on_token" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def streaming_kwargs(function: Callable[..., Any], on_token: OnToken | None) -> dict[str, Any]:
    """`{"on_token": on_token}` for a function that takes it; a chat service without it
    answers whole, and the route then sends the answer in pieces after it."""
    method = getattr(function, "__func__", function)
    return {"on_token": on_token} if on_token and _takes_on_token(method) else {}
