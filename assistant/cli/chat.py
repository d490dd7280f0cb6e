"""`assistant ask` (one question, or a JSONL batch) and `assistant chat` (interactive)."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from assistant.cli.common import err, print_json, services
from assistant.errors import AssistantError, InvalidInput


def ask(
    question: Annotated[str | None, typer.Argument(help="The question")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The whole response as JSON")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read JSON lines from stdin")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Answer language: lv or en")] = None,
    conversation: Annotated[str | None, typer.Option("--conversation")] = None,
) -> None:
    """Ask one question (or, with --jsonl, one per stdin line)."""
    from assistant.auth.viewer import LOCAL_ADMIN

    chat = services().chat
    if jsonl:
        _batch(chat)
        return
    if not question:
        raise InvalidInput("give a question, or use --jsonl")
    response = chat.ask(question, conversation, lang, viewer=LOCAL_ADMIN)
    if as_json:
        print_json(response.model_dump(mode="json"))
    else:
        typer.echo(response.answer)


def _batch(chat: Any) -> None:
    """One answer object per input line; lines with the same `conversation` share memory."""
    from assistant.auth.viewer import LOCAL_ADMIN

    conversations: dict[str, str] = {}
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise InvalidInput('each line must be an object with a "question" string')
            key = item.get("conversation")
            response = chat.ask(
                item["question"],
                conversations.get(str(key)) if key else None,
                item.get("lang"),
                viewer=LOCAL_ADMIN,
            )
            if key:
                conversations[str(key)] = response.conversation_id
            out = response.model_dump(mode="json")
        except (json.JSONDecodeError, AssistantError) as exc:
            message = exc.message if isinstance(exc, AssistantError) else f"bad JSON: {exc}"
            out = {"error": {"line": number, "message": message}}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def chat_loop(
    lang: Annotated[str | None, typer.Option("--lang")] = None,
) -> None:
    """An interactive conversation; an empty line or Ctrl-D ends it."""
    from assistant.auth.viewer import LOCAL_ADMIN

    chat = services().chat
    conversation: str | None = None
    err.print("Simbioze — ask in Latvian or English. Empty line to quit.")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            response = chat.ask(question, conversation, lang, viewer=LOCAL_ADMIN)
        except AssistantError as exc:
            err.print(f"[red]error:[/red] {exc.message}")
            continue
        conversation = response.conversation_id
        typer.echo(response.answer + "\n")
