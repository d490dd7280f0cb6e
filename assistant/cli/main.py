"""Entry point of the `assistant` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.auth.audit import set_actor
from assistant.cli import (
    chat,
    companies,
    impact,
    kb,
    outreach,
    pipeline,
    synergies,
    taxonomy,
    users,
)
from assistant.cli.common import err, print_json, progress_bar, services
from assistant.config import get_settings
from assistant.core.container import Services
from assistant.errors import AssistantError, InvalidInput
from assistant.ops import commands as ops

app = typer.Typer(
    help="Simbioze: knowledge base and facilitation assistant for green industrial parks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(kb.app, name="kb")
eval_app = typer.Typer(help="Evaluation on the versioned question sets.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(companies.app, name="companies")
app.add_typer(taxonomy.app, name="taxonomy")
app.add_typer(synergies.app, name="synergies")
app.add_typer(outreach.app, name="outreach")
app.add_typer(pipeline.app, name="pipeline")
app.add_typer(impact.app, name="impact")
app.add_typer(users.app, name="users")
app.command("audit")(users.audit)
eval_app.command("synergies")(synergies.eval_synergies)
app.command("ask")(chat.ask)
app.command("chat")(chat.chat_loop)
app.command("backup")(ops.backup)
app.command("restore")(ops.restore)


@app.callback()
def _acting_locally() -> None:
    """The CLI acts as the local admin; the audit log names the system user running it."""
    set_actor(f"cli:{_system_user()}")


def _system_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "local"


@app.command()
def search(
    query: str,
    k: Annotated[int, typer.Option("--k", min=1, max=50)] = 5,
    type: Annotated[str | None, typer.Option("--type")] = None,
    lang: Annotated[str | None, typer.Option("--lang")] = None,
    jurisdiction: Annotated[str | None, typer.Option("--jurisdiction")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search the knowledge base (hybrid keyword + semantic)."""
    if lang not in (None, "lv", "en"):
        raise InvalidInput("--lang must be lv or en")
    filters = {"type": type or "", "lang": lang or "", "jurisdiction": jurisdiction or ""}
    result = services().retriever.search(query, k, filters=filters)
    if as_json:
        print_json([h.model_dump(exclude={"chunk_id", "jurisdiction"}) for h in result.hits])
        return
    if not result.hits:
        typer.echo("No relevant passage in the knowledge base.")
    for n, hit in enumerate(result.hits, 1):
        typer.echo(f"[{n}] {hit.title} — {hit.section}  ({hit.doc_id}, score {hit.score:.4f})")
        typer.echo(
            "    " + hit.text[:300].replace("\n", " ") + ("…" if len(hit.text) > 300 else "")
        )
        if hit.sources:
            typer.echo("    sources: " + "; ".join(hit.sources))


@app.command()
def setup(
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Load the demo park")] = True,
) -> None:
    """Prepare a data directory: tables, the knowledge base and the demo park (idempotent)."""
    built = services()
    with progress_bar() as progress:
        report = built.ingestor.ingest_paths([built.settings.knowledge_dir], progress)
    c = report.counts()
    typer.echo(
        f"knowledge: added {c['added']}, updated {c['updated']}, skipped {c['skipped']}, "
        f"deleted {c['deleted']}, failed {c['failed']}"
    )
    for path, message in report.failed:
        err.print(f"[red]failed[/red] {path}: {message}")
    if demo and built.settings.demo_park.exists():
        from assistant.park import load_demo_park

        summary = load_demo_park(built, built.settings.demo_park)
        typer.echo(f"demo park: {summary}")
    built.park.reindex_profiles()  # profiles written by an older version are rewritten
    _first_admin(built)


def _first_admin(built: Services) -> None:
    from assistant.auth.bootstrap import ensure_admin

    created = ensure_admin(built)
    if created is None:
        return
    where = (f"the password is in {created.password_file}" if created.password_file
             else "with ASSISTANT_ADMIN_PASSWORD")
    typer.echo(f"first admin: sign in at /login as {created.name!r}; {where}. Create more "
               "users with `assistant users create`.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    workers: Annotated[int | None, typer.Option(min=1)] = None,
) -> None:
    """Serve the web app and API."""
    import uvicorn

    settings = get_settings()
    n_workers = workers or settings.workers
    if n_workers > 1 and not settings.chroma_url:
        raise InvalidInput(
            "several workers need a Chroma server (set ASSISTANT_CHROMA_URL): "
            "an embedded Chroma directory must not be shared by processes"
        )
    uvicorn.run(
        "assistant.api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=n_workers,
        log_level=settings.log_level,
    )


@eval_app.command("retrieval")
def eval_retrieval(
    file: Annotated[str, typer.Option("--file")] = "tests/eval/retrieval.yaml",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """hit@1, hit@5 and MRR for keyword-only, dense-only and hybrid, split by language."""
    from assistant.evaluation.retrieval import evaluate, load_cases, render

    report = evaluate(services().retriever, load_cases(file))
    if as_json:
        print_json(report)
    else:
        typer.echo(render(report))


def main() -> None:
    try:
        app()
    except AssistantError as exc:
        err.print(f"[red]error:[/red] {exc.message}", highlight=False)
        if exc.details:
            err.print(str(exc.details), highlight=False, markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)



@eval_app.command("chat")
def eval_chat(
    file: Annotated[str, typer.Option("--file")] = "tests/eval/chat.yaml",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    in_place: Annotated[bool, typer.Option(
        "--in-place", help="Use the configured data (profile updates in the set change it)")
    ] = False,
) -> None:
    """Pass rate of the chat conversations: language, facts, citations, honesty.

    By default it runs on a fresh copy: the knowledge folder and the demo park in a temporary
    data directory, so the figures do not depend on (or change) the working data."""
    import tempfile

    from assistant.evaluation.chat import evaluate, load_cases, render

    cases = load_cases(file)
    with tempfile.TemporaryDirectory() as tmp:
        built = services() if in_place else _fresh_services(Path(tmp))
        report = evaluate(built.chat, cases)
        built.close()
    if as_json:
        print_json(report)
    else:
        typer.echo(render(report))


def _fresh_services(data_dir: Path) -> Services:
    from assistant.park import load_demo_park

    settings = get_settings().model_copy(update={"data_dir": data_dir, "database_url": None,
                                                 "chroma_url": None})
    built = Services(settings)
    built.init_db()
    built.ingestor.ingest_paths([settings.knowledge_dir])
    load_demo_park(built, settings.demo_park)
    return built


__all__ = ["app", "main", "print_json"]
