"""`assistant synergies ...`: suggestions for the park or one company, receiving sectors,
and the synergy evaluation (`assistant eval synergies`)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.common import print_json, services
from assistant.errors import AssistantError, InvalidInput

if TYPE_CHECKING:
    from assistant.synergies import SynergyEngine
    from assistant.synergies.models import SectorHit, SuggestionPublic

app = typer.Typer(
    help="Synergy suggestions: who can use whose outputs.", invoke_without_command=True
)


@app.callback()
def listing(
    ctx: typer.Context,
    company: Annotated[str | None, typer.Option("--company", help="Only this company")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List synergy suggestions for the whole park (or one company), best first."""
    if ctx.invoked_subcommand is not None:
        return
    from assistant.auth.viewer import LOCAL_ADMIN
    from assistant.park.suggestions import suggestions_for

    built = services()
    found = suggestions_for(LOCAL_ADMIN, built.park, built.synergy_engine, company, limit)
    if as_json:
        print_json([s.model_dump(mode="json") for s in found])
        return
    if not found:
        typer.echo("No synergy found: add flows to the companies or check the materials.")
    for n, s in enumerate(found, 1):
        typer.echo(_render(n, s))


def _render(n: int, s: SuggestionPublic) -> str:
    target = s.target_company or ", ".join(f"{x.nace} {x.label}" for x in s.target_sectors[:3])
    source = ", ".join(s.companies) if s.companies else s.source_company
    lines = [
        f"[{n}] {s.score:.3f} {s.kind:<15} {s.rule_id}",
        f"    {source} → {target}: {s.source_flow.material} "
        f"({_figure(s.source_flow.quantity, 'g')} {s.source_flow.unit})",
        f"    {s.explanation}",
        f"    benefit: {_figure(s.benefit.eur_per_year, ',.0f')} EUR/year "
        f"({_figure(s.benefit.eur_low_per_year, ',.0f')} to "
        f"{_figure(s.benefit.eur_high_per_year, ',.0f')}), "
        f"{_figure(s.benefit.tonnes_per_year, 'g')} t/year, "
        f"{_figure(s.benefit.co2e_t_per_year, 'g')} t CO2e/year",
    ]
    today = s.benefit.counterfactual
    if today is not None:
        lines.append(f"    today: {today.label} ({today.why})")
    if s.legal_route:
        lines.append(f"    legal route: {s.legal_route.kind} {s.legal_route.r_code or ''}".rstrip())
    return "\n".join(lines)


def _figure(value: float | None, spec: str) -> str:
    return "confidential" if value is None else format(value, spec)


@app.command()
def sectors(
    material: Annotated[str, typer.Option("--material", help="The material, LV or EN")] = "",
    ewc: Annotated[str | None, typer.Option("--ewc")] = None,
    nace: Annotated[str | None, typer.Option("--nace", help="The source's NACE code")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Queries on stdin, one a line")] = False,
) -> None:
    """Ranked receiving sectors (NACE) for a material."""
    engine = services().synergy_engine
    if jsonl:
        _jsonl(engine)
        return
    if not material.strip() and not ewc:
        raise InvalidInput("give --material (and optionally --ewc, --nace) or use --jsonl")
    hits = engine.sectors(material, ewc, nace)
    if as_json:
        print_json([h.model_dump() for h in hits])
        return
    for n, h in enumerate(hits, 1):
        typer.echo(_render_sector(n, h))


def _render_sector(n: int, h: SectorHit) -> str:
    extra = h.model_dump()
    flag = "  [fallback: waste treatment]" if extra.get("fallback") else ""
    why = f"  ({h.rule_id})" if h.rule_id else ""
    lines = [
        f"[{n}] {h.nace:<6} {h.score:.3f} conf {extra.get('confidence', 0):.2f} "
        f"{h.label}{why}{flag}"
    ]
    for case in extra.get("cases", []):
        where = f", {case['locator']}" if case.get("locator") else ""
        lines.append(
            f"      documented: {case['material']} → {case['receiver']} "
            f"({case['case']}, {case['country']}) — {case['source']}{where}"
        )
    return "\n".join(lines)


def _jsonl(engine: SynergyEngine) -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        sys.stdout.write(json.dumps(_one(engine, line), ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _one(engine: SynergyEngine, line: str) -> Any:
    try:
        query = json.loads(line)
        if not isinstance(query, dict):
            raise InvalidInput("each line must be a JSON object")
        material = str(query.get("material") or "")
        if not material.strip() and not query.get("ewc"):
            raise InvalidInput("the query needs a material or an ewc code")
        hits = engine.sectors(material, query.get("ewc"), query.get("nace"))
        return [h.model_dump() for h in hits]
    except json.JSONDecodeError as exc:
        return {"error": {"code": "invalid_json", "message": str(exc)}}
    except AssistantError as exc:
        return {"error": {"code": exc.code, "message": exc.message}}


def eval_synergies(
    file: Annotated[str, typer.Option("--file")] = "tests/eval/synergies.yaml",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    corpus: Annotated[
        bool,
        typer.Option(
            "--corpus/--no-corpus", help="Cross-validate on the documented-exchange corpus"
        ),
    ] = True,
    save_weights: Annotated[
        bool,
        typer.Option(
            "--save-weights", help="Refit the ranker's weights on the whole corpus and ship them"
        ),
    ] = False,
) -> None:
    """Receiving sectors cross-validated on the documented-exchange corpus (leave one case
    out, hit@1/3/5 next to the EWC-chapter popularity baseline), hand-labelled sector hit@3
    and pair recall."""
    from assistant.evaluation.synergies import corpus_report, evaluate, load_cases, render

    built = services()
    if save_weights:
        _save_weights(built.taxonomy)
    report = evaluate(built.synergy_engine, built.taxonomy, load_cases(file))
    if corpus:
        progress = None if as_json else (lambda line: typer.echo(f"  fold {line}", err=True))
        report["corpus"] = corpus_report(
            built.taxonomy, built.synergy_engine.registry, progress=progress
        )
    if as_json:
        print_json(report)
    else:
        typer.echo(render(report))


def _save_weights(taxonomy: Any) -> None:
    from assistant.synergies.corpus import load_corpus
    from assistant.synergies.ranker import fitted_weights, save_weights

    corpus = load_corpus()
    path = save_weights(fitted_weights(corpus, taxonomy), corpus)
    typer.echo(f"weights written to {path}", err=True)
