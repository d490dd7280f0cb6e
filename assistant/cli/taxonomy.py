"""`assistant taxonomy ...`: material suggestions and a facilitator's code confirmation."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.common import print_json, services

app = typer.Typer(
    help="Material taxonomy: EWC codes and resource categories.", no_args_is_help=True
)


@app.command()
def suggest(
    text: Annotated[str, typer.Argument(help="A material in Latvian or English")],
    k: Annotated[int, typer.Option("--k", min=1, max=10)] = 3,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The top EWC code / category suggestions for a material description."""
    found = services().taxonomy.suggest(text, k)
    if as_json:
        print_json([s.model_dump() for s in found])
        return
    if not found:
        typer.echo("No suggestion: describe the material in other words or give its EWC code.")
    for n, s in enumerate(found, 1):
        typer.echo(
            f"[{n}] {s.ewc_code or '—':<10} {s.category or '—':<24} {s.score:.2f} "
            f"{s.method:<9} {s.label_en} / {s.label_lv}  (matched: {s.matched})"
        )


@app.command()
def confirm(
    flow: Annotated[int, typer.Option("--flow", help="The flow id (see `companies list`)")],
    ewc: Annotated[str, typer.Option("--ewc", help="The EWC code, e.g. '03 01 05'")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Confirm or override a flow's EWC code (the category follows the code)."""
    updated = services().park.confirm_ewc(flow, ewc)
    if as_json:
        print_json(updated.model_dump(mode="json"))
    else:
        typer.echo(
            f"flow {updated.id}: EWC {updated.ewc_code} confirmed, "
            f"category {updated.category or 'unclassified'}"
        )
