"""Declarative synergy rules: what a rule takes, what it feeds, its conditions, legal route and
benefit model. Built-in rules live in `rules/*.yaml`; benefit numbers in `parameters.yaml`,
prices in `prices.yaml`. Data only: `assistant.synergies` is the engine that applies them."""

from assistant.synergy_rules.models import Rule
from assistant.synergy_rules.registry import Parameters, Registry, check_references

__all__ = ["Parameters", "Registry", "Rule", "check_references"]
