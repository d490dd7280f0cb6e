"""`assistant i18n review`: every Latvian text in one Markdown file for a reviewer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Latvian and English output: the review file.", no_args_is_help=True)

DEFAULT = Path("docs/latvian-review.md")


@app.command()
def review(
    out: Annotated[Path, typer.Option("--out", help="Where to write the Markdown")] = DEFAULT,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if the file is not current; write nothing")
    ] = False,
) -> None:
    """Render every Latvian template, rule text and label with realistic data (with the
    LATVIAN.md checks beside each) into one Markdown file."""
    from assistant.cli.i18n_review import build, write

    if check:
        current = out.read_text("utf-8") if out.exists() else ""
        if current != build():
            typer.echo(f"{out} is not current: run `assistant i18n review`.")
            raise typer.Exit(1)
        typer.echo(f"{out} is current.")
        return
    text = write(out)
    typer.echo(f"wrote {out} ({text.count(chr(10))} lines)")
