"""`assistant kb ...`: ingest, reindex, list and delete knowledge documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import err, print_json, progress_bar, services

app = typer.Typer(help="Knowledge base: ingest and maintain documents.", no_args_is_help=True)


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Ingest Markdown, text, HTML and PDF files (default: the knowledge folder)."""
    built = services()
    targets = paths or [built.settings.knowledge_dir]
    with progress_bar() as progress:
        report = built.ingestor.ingest_paths(targets, progress)
    if as_json:
        print_json(
            {
                **report.counts(),
                "failed": [{"path": p, "error": m} for p, m in report.failed],
                "seconds": report.seconds,
            }
        )
    else:
        c = report.counts()
        typer.echo(
            f"added {c['added']}, updated {c['updated']}, skipped {c['skipped']}, "
            f"deleted {c['deleted']}, failed {c['failed']} "
            f"({c['chunks_embedded']} chunks embedded in {report.seconds:.1f} s)"
        )
        for path, message in report.failed:
            err.print(f"[red]failed[/red] {path}: {message}")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def reindex() -> None:
    """Rebuild the vector index from the chunks and embeddings stored in SQL."""
    count = services().ingestor.reindex()
    typer.echo(f"reindexed {count} chunks")


@app.command("list")
def list_documents(
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the ingested documents."""
    from sqlmodel import Session, select

    from assistant.models import Document

    built = services()
    with Session(built.engine) as session:
        docs = session.exec(select(Document).order_by(Document.doc_id)).all()
    if as_json:
        print_json([d.model_dump(exclude={"id"}) for d in docs])
        return
    for d in docs:
        typer.echo(f"{d.doc_id:<48} {d.lang} {d.type:<13} {d.n_chunks:>3} chunks  {d.title}")


@app.command()
def delete(doc_id: str) -> None:
    """Delete one document and its chunks."""
    doc = services().ingestor.delete_document(doc_id)
    typer.echo(f"deleted {doc.doc_id}")
