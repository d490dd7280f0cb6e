"""The one-page HTML report for the municipal council (LV or EN), self-contained: inline CSS,
no scripts, no external URLs. Template: prompts/reports/impact.{lang}.html.j2."""

from __future__ import annotations

from datetime import date, datetime

from assistant.auth.viewer import ANONYMISED, LOCAL_ADMIN, Viewer
from assistant.errors import InvalidInput
from assistant.impact.service import (
    ImpactService,
    has_confidential_party,
    totals_of,
    visible_to,
)
from assistant.prompts import render
from assistant.text.formatting import date_text


def table_day(moment: datetime, lang: str) -> str:
    """A date in the report's tables: `01.10.2026.` in Latvian, `2026-10-01` in English."""
    return date_text(moment.date(), lang, "table" if lang == "lv" else "iso")


def report_html(
    service: ImpactService,
    lang: str,
    prepared_by: str,
    today: date | None = None,
    viewer: Viewer = ANONYMISED,
) -> str:
    """The report as `viewer` may see it: without the exchanges with a confidential company
    for anyone but staff (nor in the totals). It is written for the council, so in a staff
    copy such an exchange is counted in the totals but shows no figures of its own."""
    if lang not in ("lv", "en"):
        raise InvalidInput(f"unsupported language {lang!r} (use lv or en)")
    everything = service.rows(LOCAL_ADMIN)
    rows = visible_to(viewer, everything)
    parks = sorted({r.park for r in rows if r.park})
    return (
        render(
            f"reports/impact.{lang}.html.j2",
            lang=lang,
            totals=totals_of(rows),
            rows=rows,
            parks=parks,
            prepared_by=prepared_by,
            hidden_rows=len(everything) - len(rows),
            confidential_rows=sum(1 for r in rows if has_confidential_party(r)),
            today=date_text(today or date.today(), lang),
            day=lambda moment: table_day(moment, lang),
        )
        + "\n"
    )
