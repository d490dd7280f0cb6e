"""`assistant impact ...`: measured impact of implemented synergies, totals and reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import print_json, services
from assistant.errors import InvalidInput

app = typer.Typer(
    help="Measured impact: record, totals, CSV and the council report.", no_args_is_help=True
)
Json = Annotated[bool, typer.Option("--json")]


@app.command()
def record(
    synergy_id: Annotated[int, typer.Argument()],
    tonnes: Annotated[float, typer.Option("--tonnes", help="t/year diverted")],
    eur_source: Annotated[float, typer.Option("--eur-source", help="€/year saved, supplier")],
    eur_target: Annotated[float, typer.Option("--eur-target", help="€/year saved, receiver")],
    co2e: Annotated[float, typer.Option("--co2e", help="t CO2e/year avoided")],
    water: Annotated[float, typer.Option("--water", help="m³ water/year saved")],
    verified_by: Annotated[str, typer.Option("--verified-by")],
    verified_at: Annotated[str | None, typer.Option("--verified-at", help="ISO date")] = None,
    notes: Annotated[str, typer.Option("--notes")] = "",
    as_json: Json = False,
) -> None:
    """Record measured yearly values of an implemented synergy."""
    from assistant.models.pipeline import ImpactRecord

    try:
        data = ImpactRecord(
            tonnes_per_year=tonnes,
            eur_source_per_year=eur_source,
            eur_target_per_year=eur_target,
            co2e_t_per_year=co2e,
            water_m3_per_year=water,
            verified_by=verified_by,
            notes=notes,
            verified_at=datetime.fromisoformat(verified_at) if verified_at else None,
        )
    except ValueError as exc:
        raise InvalidInput("the measured values are not valid", str(exc)) from exc
    saved = services().impact.record(synergy_id, data)
    if as_json:
        print_json(saved.model_dump(mode="json"))
    else:
        typer.echo(
            f"synergy {synergy_id}: {saved.tonnes_per_year:g} t/year, "
            f"{saved.eur_total_per_year:,.2f} EUR/year, verified by {saved.verified_by}"
        )


@app.command()
def totals(as_json: Json = False) -> None:
    """Measured totals beside the estimates, per park, per municipality and by route."""
    from assistant.auth.viewer import LOCAL_ADMIN

    found = services().impact.totals(LOCAL_ADMIN)
    if as_json:
        print_json(found.model_dump(mode="json"))
        return
    a = found.all
    typer.echo(
        f"{a.count} measured synergies: {a.tonnes_per_year:g} t/year, "
        f"{a.eur_total_per_year:,.2f} EUR/year (estimate {a.estimated_eur_per_year:,.2f}),"
        f" {a.co2e_t_per_year:g} t CO2e/year, {a.water_m3_per_year:g} m3/year"
    )
    for title, groups in (("park", found.by_park), ("municipality", found.by_municipality)):
        for g in groups:
            typer.echo(
                f"  {title} {g.name or '—'}: {g.count} synergies, {g.tonnes_per_year:g} "
                f"t/year, {g.eur_total_per_year:,.2f} EUR/year"
            )


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="csv or html")] = "csv",
    lang: Annotated[str, typer.Option("--lang", help="lv or en (html)")] = "lv",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Export the measured impact as CSV, or as the one-page HTML report for the council."""
    from assistant.auth.viewer import LOCAL_ADMIN
    from assistant.impact import csvio
    from assistant.impact.report import report_html

    built = services()
    if format == "csv":
        text = csvio.to_csv(built.impact.rows(LOCAL_ADMIN))
    elif format == "html":
        text = report_html(built.impact, lang, built.settings.facilitator_name, viewer=LOCAL_ADMIN)
    else:
        raise InvalidInput(f"unknown export format {format!r} (use csv or html)")
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, "utf-8")
        typer.echo(f"wrote {output}")


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="A CSV from `impact export`")]) -> None:
    """Import measured values from CSV (all or nothing)."""
    from assistant.impact import csvio

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {file}", str(exc)) from exc
    count = csvio.import_csv(services().impact, csvio.decode(data))
    typer.echo(f"imported {count} impact records")


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Every measured synergy beside its estimate."""
    from assistant.auth.viewer import LOCAL_ADMIN

    rows = services().impact.rows(LOCAL_ADMIN)
    if as_json:
        print_json([r.model_dump(mode="json") for r in rows])
        return
    for r in rows:
        typer.echo(
            f"[{r.synergy_id}] {r.source} → {r.target}: {r.tonnes_per_year:g} t/year, "
            f"{r.eur_total_per_year:,.2f} EUR/year (estimate "
            f"{r.estimated_eur_per_year:,.2f}), verified by {r.verified_by}"
        )
