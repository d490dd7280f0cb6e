"""The synergy engine, built on `assistant.synergy_rules` (the declarative rules, parameters
and prices it reads): who can use whose output over a park's plain records, scored, explained
and costed, and which sectors receive a material (rules plus documented exchanges)."""

from assistant.synergies.engine import SynergyEngine
from assistant.synergies.models import SectorHit, Suggestion
from assistant.synergies.park_data import CompanyData, FlowData, ParkData

__all__ = ["CompanyData", "FlowData", "ParkData", "SectorHit", "Suggestion", "SynergyEngine"]
