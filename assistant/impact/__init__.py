"""Measured impact of implemented synergies: records, totals, CSV and the council report."""

from assistant.impact.service import ImpactService

__all__ = ["ImpactService"]
