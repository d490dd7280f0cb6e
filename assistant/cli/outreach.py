"""`assistant outreach ...`: draft, show, edit and list letters, emails and call scripts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import print_json, services
from assistant.errors import InvalidInput

if TYPE_CHECKING:
    from assistant.models.outreach import DraftPublic

app = typer.Typer(
    help="Outreach drafts to companies (LV/EN; email, letter, phone script).", no_args_is_help=True
)


def _summary(draft: DraftPublic) -> dict[str, object]:
    return {
        "id": draft.id,
        "subject": draft.subject,
        "body": draft.body,
        "language": draft.language,
        "synergy_id": draft.synergy_id,
        "facts_used": draft.facts_used,
        "target": draft.target,
        "partner": draft.partner,
        "channel": draft.channel,
        "tone": draft.tone,
        "version": draft.version,
        "composer": draft.composer,
    }


@app.command()
def draft(
    source: Annotated[str, typer.Option("--source", help="The company with the material")],
    target: Annotated[str, typer.Option("--target", help="The company the draft goes to")],
    material: Annotated[str | None, typer.Option("--material")] = None,
    lang: Annotated[str, typer.Option("--lang", help="lv or en")] = "lv",
    channel: Annotated[str, typer.Option("--channel", help="email, letter or phone")] = "email",
    tone: Annotated[str, typer.Option("--tone", help="formal or friendly")] = "formal",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Draft a message to TARGET proposing to take (or supply) SOURCE's material; saved."""
    from assistant.models.outreach import DraftRequest

    made = services().outreach.draft(
        DraftRequest(
            source=source, target=target, material=material, lang=lang, channel=channel, tone=tone
        )
    )
    if as_json:
        print_json(_summary(made))
        return
    typer.echo(f"draft {made.id} (synergy {made.synergy_id}, {made.channel}, {made.language})")
    typer.echo(f"{'Temats' if made.language == 'lv' else 'Subject'}: {made.subject}\n")
    typer.echo(made.body)


@app.command()
def show(
    draft_id: Annotated[int, typer.Argument()],
    format: Annotated[str, typer.Option("--format", help="txt or eml")] = "txt",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """The current version of a draft as text or as an .eml message."""
    content, _, _ = services().outreach.export(draft_id, format)
    if output is not None:
        output.write_bytes(content)
        typer.echo(f"wrote {output}")
        return
    sys.stdout.buffer.write(content)
    sys.stdout.flush()


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every saved draft."""
    drafts = services().outreach.list_drafts()
    if as_json:
        print_json([_summary(d) for d in drafts])
        return
    if not drafts:
        typer.echo("No outreach draft yet: `assistant outreach draft --source … --target …`.")
    for d in drafts:
        typer.echo(f"[{d.id}] v{d.version} {d.language} {d.channel:<6} → {d.target}: {d.subject}")


@app.command()
def edit(
    draft_id: Annotated[int, typer.Argument()],
    body_file: Annotated[Path | None, typer.Option("--body-file", help="The new body")] = None,
    subject: Annotated[str | None, typer.Option("--subject")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
) -> None:
    """Save an edited subject and/or body as a new version."""
    from assistant.models.outreach import DraftUpdate

    if body_file is None and subject is None:
        raise InvalidInput("give --body-file and/or --subject")
    body = body_file.read_text("utf-8") if body_file is not None else None
    made = services().outreach.update(draft_id, DraftUpdate(subject=subject, body=body, note=note))
    typer.echo(f"draft {made.id} is now at version {made.version}")
