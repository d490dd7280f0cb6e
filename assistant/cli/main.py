"""Entry point of the `assistant` command.

Only typer and the command modules (themselves light) are imported here: `assistant --help`
answers without loading the database layer, the web stack or the model.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli import (
    chat,
    companies,
    i18n,
    impact,
    kb,
    ops,
    outreach,
    pipeline,
    synergies,
    taxonomy,
    users,
)
from assistant.cli.common import err, print_json, progress_bar, services, step
from assistant.errors import AssistantError, InvalidInput
from assistant.text.labels import error_message, lang_of

if TYPE_CHECKING:
    from assistant.composition import Services

app = typer.Typer(
    help="Simbioze: knowledge base and facilitation assistant for green industrial parks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rendering it with Rich costs more than the rest
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
app.add_typer(i18n.app, name="i18n")
app.command("audit")(users.audit)
eval_app.command("synergies")(synergies.eval_synergies)
app.command("ask")(chat.ask)
app.command("chat")(chat.chat_loop)
app.command("backup")(ops.backup)
app.command("restore")(ops.restore)


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
    # a --lang filter restricts the passages (the chat's cross-lingual twins are for answers)
    result = services().retriever.search(query, k, filters=filters, cross_lingual=False)
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
    reset_demo: Annotated[
        bool,
        typer.Option(
            "--reset-demo",
            help="Import the demo park again: its companies get their shipped "
            "profiles and flows back (by default it is loaded only into an empty database)",
        ),
    ] = False,
) -> None:
    """Prepare a data directory: tables, the model for onnxruntime, the knowledge base and,
    into an empty database, the demo park. Idempotent; one line per step on stderr."""
    from assistant.retrieval.embedders import prepare_onnx

    started = time.perf_counter()
    built = services()
    step("setup: embedding model for onnxruntime …")
    exported = prepare_onnx(built.settings)
    step(
        f"setup: embedding model {'ready for onnxruntime' if exported else 'not exported'} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    step(f"setup: ingesting {built.settings.knowledge_dir} …")
    with progress_bar() as progress:
        report = built.ingestor.ingest_paths([built.settings.knowledge_dir], progress)
    c = report.counts()
    typer.echo(
        f"knowledge: added {c['added']}, updated {c['updated']}, skipped {c['skipped']}, "
        f"deleted {c['deleted']}, failed {c['failed']} ({report.seconds:.1f} s)"
    )
    for path, message in report.failed:
        err.print(f"[red]failed[/red] {path}: {message}")
    if demo and built.settings.demo_park.exists():
        _demo_park(built, reset_demo)
    step("setup: company profiles for search …")
    built.park.reindex_profiles()  # profiles written by an older version are rewritten
    step("setup: intent model …")
    trained = built.chat.classifier  # trained and kept under cache/, so no chat waits for it
    step(f"setup: intent model from {trained.size} example questions")
    _first_admin(built)
    step(f"setup: done in {time.perf_counter() - started:.1f} s")


def _demo_park(built: Services, reset: bool) -> None:
    """Only into a database without companies, unless asked: a second run must not undo the
    edits made to demo companies."""
    from assistant.park import load_demo_park

    if not reset and built.park.has_companies():
        typer.echo("demo park: not loaded (the database has companies; --reset-demo reloads it)")
        return
    step(f"setup: importing the demo park {built.settings.demo_park} …")
    started = time.perf_counter()
    summary = load_demo_park(built.park, built.settings.demo_park)
    typer.echo(f"demo park: {summary} ({time.perf_counter() - started:.1f} s)")


def _first_admin(built: Services) -> None:
    from assistant.auth.bootstrap import ensure_admin

    created = ensure_admin(built.auth, built.settings)
    if created is None:
        return
    where = (
        f"the password is in {created.password_file}"
        if created.password_file
        else "with ASSISTANT_ADMIN_PASSWORD"
    )
    typer.echo(
        f"first admin: sign in at /login as {created.name!r}; {where}. Create more "
        "users with `assistant users create`."
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    workers: Annotated[int | None, typer.Option(min=1)] = None,
) -> None:
    """Serve the web app and API."""
    import uvicorn

    from assistant.config import get_settings

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
        proxy_headers=False,  # the app reads them, from ASSISTANT_TRUSTED_PROXIES only
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
        print_error(exc, cli_lang(sys.argv[1:], os.environ))
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


def cli_lang(argv: list[str], environ: Mapping[str, str]) -> str:
    """The language of the command's messages: `--lang lv|en` on the command line, else the
    locale (LC_ALL, LC_MESSAGES, LANG: `lv_LV.UTF-8` is Latvian); English by default."""
    for n, arg in enumerate(argv):
        value = argv[n + 1] if arg == "--lang" and n + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if lang := lang_of(value):
            return lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):  # the first one set decides, as in POSIX
            return lang_of(environ[name]) or "en"
    return "en"


def print_error(exc: AssistantError, lang: str) -> None:
    """`error: <message>` in English; in Latvian `kļūda: <Latvian text>`, with the English
    particulars after it when the raise site had no Latvian of its own."""
    if lang == "lv":
        err.print(
            f"[red]kļūda:[/red] {exc.message_lv or error_message(exc.code, 'lv')}",
            highlight=False,
        )
        if not exc.message_lv:
            err.print(f"sīkāk (angliski): {exc.message}", highlight=False, markup=False)
    else:
        err.print(f"[red]error:[/red] {exc.message}", highlight=False)
    if exc.details:
        err.print(str(exc.details), highlight=False, markup=False)


@eval_app.command("chat")
def eval_chat(
    split: Annotated[
        str, typer.Option("--set", help="dev or heldout (tests/eval/chat/<set>.yaml)")
    ] = "heldout",
    file: Annotated[
        str | None, typer.Option("--file", help="Another set in the same format")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    in_place: Annotated[
        bool,
        typer.Option(
            "--in-place", help="Use the configured data (profile updates in the set change it)"
        ),
    ] = False,
) -> None:
    """Strict pass rate of the chat's turns (tests/eval/chat/FORMAT.md): intent, language,
    recipient, whole-word facts, citations, grounding in the cited passages, no self-match.

    By default it runs on a fresh copy: the knowledge folder and the demo park in a temporary
    data directory, so the figures do not depend on (or change) the working data."""
    import tempfile

    from assistant.evaluation.chat import company_ids, evaluate, load_cases, render

    if split not in ("dev", "heldout") and file is None:
        raise InvalidInput("--set must be 'dev' or 'heldout'")
    cases = load_cases(file or f"tests/eval/chat/{split}.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        built = services() if in_place else _fresh_services(Path(tmp))
        report = evaluate(built.chat, cases, company_ids(built.park))
        built.close()
    if as_json:
        print_json(report)
    else:
        typer.echo(render(report, file or split))


def _fresh_services(data_dir: Path) -> Services:
    from assistant.composition import Services
    from assistant.config import get_settings
    from assistant.park import load_demo_park

    settings = get_settings().model_copy(
        update={"data_dir": data_dir, "database_url": None, "chroma_url": None}
    )
    built = Services(settings)
    built.init_db()
    built.ingestor.ingest_paths([settings.knowledge_dir])
    load_demo_park(built.park, settings.demo_park)
    return built


__all__ = ["app", "cli_lang", "main", "print_error", "print_json"]
