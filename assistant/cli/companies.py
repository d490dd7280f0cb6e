"""`assistant companies ...`: import, export and list the park's companies and flows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import print_json, services
from assistant.errors import InvalidInput

app = typer.Typer(help="The park's companies and their resource flows.", no_args_is_help=True)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A park file: JSON, or CSV with one row per flow")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import (or re-import) a park: all or nothing; companies are matched by name."""
    from assistant.auth.viewer import LOCAL_ADMIN

    report = services().park.import_file(file, viewer=LOCAL_ADMIN)
    if as_json:
        print_json(
            {**report.counts(), "created_names": report.created, "updated_names": report.updated}
        )
    else:
        typer.echo(f"imported {report}")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="json or csv")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Export the park (companies and flows) as JSON or CSV."""
    from assistant.auth.viewer import LOCAL_ADMIN

    if format not in ("json", "csv"):
        raise InvalidInput("--format must be json or csv")
    text = services().park.export(format, viewer=LOCAL_ADMIN)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


@app.command("list")
def list_companies(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the companies with their inputs and outputs."""
    from assistant.auth.viewer import LOCAL_ADMIN

    companies = services().park.list_companies(viewer=LOCAL_ADMIN)
    if as_json:
        print_json([c.model_dump(mode="json") for c in companies])
        return
    if not companies:
        typer.echo("No companies yet: import a park with `assistant companies import FILE`.")
    for c in companies:
        flag = " (confidential)" if c.confidential else ""
        typer.echo(f"[{c.id}] {c.name}{flag} — NACE {c.nace}, {len(c.flows)} flows")
        for f in c.flows:
            code = f" EWC {f.ewc_code}" if f.ewc_code else ""
            amount = "confidential" if f.quantity is None else f"{f.quantity:g}"
            typer.echo(
                f"     {f.id:>5} {f.direction:<6} {f.material} — {amount} {f.unit}"
                f"{code} [{f.category or 'unclassified'}]"
            )


@app.command()
def reindex() -> None:
    """Re-index every company profile for search (after a change in what profiles may hold)."""
    count = services().park.reindex_profiles()
    typer.echo(f"re-indexed {count} company profiles")
