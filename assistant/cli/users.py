"""`assistant users …`: people, their roles and API tokens; `assistant audit`: who changed what.

The CLI acts as the local admin: whoever can run it on the server can read the database.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.cli.common import err, print_json, services
from assistant.errors import InvalidInput

app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
ROLE_HELP = "admin | facilitator | municipal | company"


@app.command()
def create(
    name: Annotated[str, typer.Option("--name", help="A unique user name")],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)],
    company: Annotated[
        str | None,
        typer.Option("--company", help="The company (by name) a company user belongs to"),
    ] = None,
    password: Annotated[
        bool,
        typer.Option(
            "--password", help="Also set a web sign-in password (asked for, or read from stdin)"
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create a user and print its API token (shown this once only)."""
    from assistant.auth.viewer import ROLES

    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r} (use one of {', '.join(ROLES)})")
    secret = _read_password() if password else None
    issued = services().auth.create_user(name, role, company, secret)
    if as_json:
        print_json({"token": issued.token, "user": issued.user})
        return
    typer.echo(issued.token)
    where = f" of {issued.user.company}" if issued.user.company else ""
    err.print(
        f"created {issued.user.role} {issued.user.name!r}{where}; the line above is its "
        "API token (send it as `Authorization: Bearer …`); it is not shown again",
        highlight=False,
        markup=False,
    )


@app.command("list")
def list_users(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The users, their roles and how many active tokens each has."""
    users = services().auth.list_users()
    if as_json:
        print_json(users)
        return
    if not users:
        typer.echo("No users yet: create one with `assistant users create`.")
    for user in users:
        flags = [
            f"company {user.company}" if user.company else "",
            "password" if user.has_password else "",
            "DISABLED" if user.disabled else "",
        ]
        extra = ", ".join(f for f in flags if f)
        typer.echo(
            f"{user.name:<24} {user.role:<12} {user.tokens} token(s)"
            + (f"  ({extra})" if extra else "")
        )


@app.command()
def revoke(
    name: Annotated[str, typer.Option("--name", help="The user whose tokens end")],
    token: Annotated[
        str | None, typer.Option("--token", help="Only the token starting with these characters")
    ] = None,
    disable: Annotated[
        bool, typer.Option("--disable", help="Also refuse the user's password from now on")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Revoke a user's API tokens (or one of them) and end their web sessions."""
    count = services().auth.revoke(name, token, disable)
    if as_json:
        print_json({"name": name, "revoked": count, "disabled": disable})
        return
    typer.echo(
        f"revoked {count} token(s) of {name}" + ("; the user is disabled" if disable else "")
    )


@app.command()
def token(
    name: Annotated[str, typer.Option("--name")],
    label: Annotated[str, typer.Option("--label", help="What the token is for")] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Issue another API token for an existing user."""
    issued = services().auth.issue_token(name, label)
    if as_json:
        print_json({"token": issued.token, "user": issued.user})
        return
    typer.echo(issued.token)


@app.command()
def password(name: Annotated[str, typer.Option("--name")]) -> None:
    """Set (or change) a user's web sign-in password: asked for, or read from stdin."""
    services().auth.set_password(name, _read_password())
    typer.echo(f"password set for {name}")


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def audit(
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
    entity: Annotated[
        str | None, typer.Option("--entity", help="company | flow | synergy | user | …")
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="e.g. facilitator:Anna")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The audit log, newest first: who created, changed or deleted what."""
    events = services().auth.audit_log(limit, entity, actor)
    if as_json:
        print_json(events)
        return
    for event in events:
        typer.echo(
            f"{event.at:%Y-%m-%d %H:%M:%S}  {event.actor:<28} {event.action:<6} "
            f"{event.entity}#{event.entity_id}  {event.summary}"
        )
