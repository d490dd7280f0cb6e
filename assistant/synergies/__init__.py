"""The rule-based synergy engine: who can use whose output, scored, explained and costed."""

from assistant.synergies.engine import SynergyEngine
from assistant.synergies.models import SectorHit, Suggestion
from assistant.synergies.park_data import CompanyData, FlowData, ParkData

__all__ = ["CompanyData", "FlowData", "ParkData", "SectorHit", "Suggestion", "SynergyEngine"]
