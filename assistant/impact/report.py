"""The one-page HTML report for the municipal council (LV or EN), self-contained: inline CSS,
no scripts, no external URLs. Template: prompts/reports/impact.{lang}.html.j2."""

from __future__ import annotations

from datetime import date

from assistant.errors import InvalidInput
from assistant.impact.service import ImpactService
from assistant.outreach.render import long_date
from assistant.prompts import render


def report_html(service: ImpactService, lang: str, prepared_by: str,
                today: date | None = None) -> str:
    if lang not in ("lv", "en"):
        raise InvalidInput(f"unsupported language {lang!r} (use lv or en)")
    rows = service.rows()
    parks = sorted({r.park for r in rows if r.park})
    return render(f"reports/impact.{lang}.html.j2", lang=lang, totals=service.totals(),
                  rows=rows, parks=parks, prepared_by=prepared_by,
                  today=long_date(today or date.today(), lang)) + "\n"
