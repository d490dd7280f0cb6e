"""`assistant pipeline ...`: follow synergies from identified to implemented (or dropped)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import print_json, services

if TYPE_CHECKING:
    from assistant.models.pipeline import SynergyDetail, SynergyPublic

app = typer.Typer(
    help="The synergy pipeline: stages, notes, contact log, next actions.", no_args_is_help=True
)
Json = Annotated[bool, typer.Option("--json")]


def _line(s: SynergyPublic) -> str:
    target = s.target_name or "(no partner yet)"
    due = f" · next: {s.next_action} ({s.next_action_due or 'no date'})" if s.next_action else ""
    eur = s.estimate.get("eur_per_year", 0.0)
    low, high = s.estimate.get("eur_low_per_year"), s.estimate.get("eur_high_per_year")
    span = f", {low:,.0f} to {high:,.0f}" if low is not None and high is not None else ""
    return (
        f"[{s.id}] {s.stage:<11} {s.source_name} → {target}: {s.material} "
        f"(~{eur:,.0f} EUR/year{span}){due}"
    )


def _detail(s: SynergyDetail, as_json: bool) -> None:
    if as_json:
        print_json(s.model_dump(mode="json"))
        return
    typer.echo(_line(s))
    for e in s.events:
        reason = f": {e.reason}" if e.reason else ""
        typer.echo(
            f"    {e.at:%Y-%m-%d %H:%M} {e.from_stage or '—'} → {e.to_stage} ({e.by}){reason}"
        )
    for n in s.notes:
        typer.echo(f"    {n.at:%Y-%m-%d} {'contact' if n.contact else 'note'} ({n.by}): {n.text}")


@app.command("list")
def list_(
    stage: Annotated[str | None, typer.Option("--stage")] = None,
    company: Annotated[str | None, typer.Option("--company")] = None,
    as_json: Json = False,
) -> None:
    """The synergies followed, optionally of one stage or one company."""
    found = services().pipeline.list_synergies(stage, company)
    if as_json:
        print_json([s.model_dump(mode="json") for s in found])
        return
    if not found:
        typer.echo("No synergy in the pipeline yet: `assistant pipeline add …` or draft outreach.")
    for s in found:
        typer.echo(_line(s))


@app.command()
def show(synergy_id: Annotated[int, typer.Argument()], as_json: Json = False) -> None:
    """One synergy with its stage history, notes and contact log."""
    _detail(services().pipeline.get(synergy_id), as_json)


@app.command()
def add(
    source: Annotated[str, typer.Option("--source")],
    material: Annotated[str, typer.Option("--material")],
    target: Annotated[str | None, typer.Option("--target")] = None,
    manual: Annotated[
        bool, typer.Option("--manual", help="Keep it without an engine match")
    ] = False,
    as_json: Json = False,
) -> None:
    """Follow a synergy (estimate and legal route from the engine's suggestion)."""
    from assistant.models.pipeline import SynergyCreate

    _detail(
        services().pipeline.add(
            SynergyCreate(source=source, target=target, material=material, manual=manual)
        ),
        as_json,
    )


@app.command()
def move(
    synergy_id: Annotated[int, typer.Argument()],
    stage: Annotated[
        str,
        typer.Argument(
            help="identified, contacted, meeting, pilot, agreement, implemented or dropped"
        ),
    ],
    reason: Annotated[str, typer.Option("--reason")] = "",
    reopen: Annotated[bool, typer.Option("--reopen", help="Allow a move back")] = False,
    by: Annotated[str | None, typer.Option("--by")] = None,
    as_json: Json = False,
) -> None:
    """Move a synergy: forward freely; back only with --reopen and --reason."""
    from assistant.models.pipeline import SynergyMove

    _detail(
        services().pipeline.move(
            synergy_id, SynergyMove(stage=stage, reason=reason, reopen=reopen, by=by)
        ),
        as_json,
    )


@app.command()
def note(
    synergy_id: Annotated[int, typer.Argument()],
    text: Annotated[str, typer.Argument()],
    contact: Annotated[bool, typer.Option("--contact", help="An entry of the contact log")] = False,
    by: Annotated[str | None, typer.Option("--by")] = None,
    as_json: Json = False,
) -> None:
    """Add a note (or, with --contact, a contact-log entry)."""
    from assistant.models.pipeline import SynergyNoteCreate

    _detail(
        services().pipeline.note(synergy_id, SynergyNoteCreate(text=text, contact=contact, by=by)),
        as_json,
    )


@app.command("next")
def next_action(
    synergy_id: Annotated[int, typer.Argument()],
    action: Annotated[str, typer.Option("--action")],
    due: Annotated[str | None, typer.Option("--due", help="YYYY-MM-DD")] = None,
    as_json: Json = False,
) -> None:
    """Set the next action and its due date."""
    from assistant.models.pipeline import NextActionUpdate

    data = NextActionUpdate(
        next_action=action, next_action_due=date.fromisoformat(due) if due else None
    )
    _detail(services().pipeline.set_next_action(synergy_id, data), as_json)
