"""The rule registry. Built-in rules (the YAML files beside this module) register exactly like
rules added by a user or a test: `Registry.load_builtin()`, then `registry.register(rule)`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant import yamlio
from assistant.errors import Conflict, InvalidInput
from assistant.synergy_rules.models import Parameter, Rule, YearTable
from assistant.synergy_rules.prices import PriceTable, builtin_prices
from assistant.taxonomy.codes import ewc_bare

RULES_DIR = Path(__file__).parent / "rules"
PARAMETERS_FILE = Path(__file__).parent / "parameters.yaml"
LANDFILL_TAX = "landfill_tax_eur_per_t"


class Parameters:
    """Benefit-model numbers, each with its source; the landfill tax by year; the price table
    with the counterfactual route of every category (prices.yaml)."""

    def __init__(
        self,
        landfill_tax: YearTable,
        values: dict[str, Parameter],
        prices: PriceTable | None = None,
    ) -> None:
        self.landfill_tax = landfill_tax
        self.values = values
        self.prices = prices or builtin_prices()

    @classmethod
    def load(cls, path: Path = PARAMETERS_FILE) -> Parameters:
        raw = _read_yaml(path) or {}
        try:
            tax = YearTable.model_validate(raw.pop(LANDFILL_TAX))
            values = {key: Parameter.model_validate(item) for key, item in raw.items()}
        except KeyError as exc:
            raise InvalidInput(f"{path.name}: {LANDFILL_TAX} is missing") from exc
        except ValidationError as exc:
            raise InvalidInput(f"{path.name}: invalid parameter", _errors(exc)) from exc
        return cls(tax, values)

    def get(self, key: str) -> Parameter:
        if key not in self.values:
            raise InvalidInput(f"unknown benefit parameter {key!r}")
        return self.values[key]

    def value(self, key: str, default: float | None = None) -> float:
        if key not in self.values and default is not None:
            return default
        return self.get(key).value

    def __contains__(self, key: str) -> bool:
        return key in self.values


class Registry:
    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        self._by_category: dict[str, list[Rule]] = defaultdict(list)
        self._by_ewc: dict[str, list[Rule]] = defaultdict(list)
        for rule in rules:
            self.register(rule)

    @classmethod
    def load_builtin(cls, directory: Path = RULES_DIR) -> Registry:
        registry = cls()
        for path in sorted(directory.glob("*.yaml")):
            for rule in load_rule_file(path):
                registry.register(rule, origin=path.name)
        return registry

    def register(self, rule: Rule, origin: str = "") -> None:
        if rule.id in self._rules:
            where = f" ({origin})" if origin else ""
            raise Conflict(f"duplicate synergy rule id {rule.id!r}{where}")
        self._rules[rule.id] = rule
        for category in rule.takes.categories:
            self._by_category[category].append(rule)
        for prefix in rule.takes.ewc:
            self._by_ewc[prefix].append(rule)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, rule_id: str) -> Rule | None:
        return self._rules.get(rule_id)

    def by_category(self, category: str | None) -> list[Rule]:
        return list(self._by_category.get(category or "", ()))

    def by_ewc(self, code: str | None) -> list[Rule]:
        """Rules whose EWC list holds the code, its sub-chapter or its chapter."""
        if not code:
            return []
        bare = ewc_bare(code)
        found: list[Rule] = []
        for prefix in (bare, bare[:5], bare[:2]):
            found.extend(r for r in self._by_ewc.get(prefix, ()) if r not in found)
        return found

    def for_material(self, category: str | None, ewc_code: str | None) -> list[Rule]:
        found = self.by_category(category)
        found.extend(r for r in self.by_ewc(ewc_code) if r not in found)
        return found


def load_rule_file(path: Path) -> list[Rule]:
    raw = _read_yaml(path)
    items = raw.get("rules", []) if isinstance(raw, dict) else raw or []
    if not isinstance(items, list):
        raise InvalidInput(f"{path.name}: expected a list of rules")
    rules = []
    for n, item in enumerate(items):
        rule_id = item.get("id", f"#{n}") if isinstance(item, dict) else f"#{n}"
        try:
            rules.append(Rule.model_validate(item))
        except ValidationError as exc:
            raise InvalidInput(f"{path.name}: rule {rule_id!r} is not valid", _errors(exc)) from exc
    return rules


def check_references(registry: Registry, parameters: Parameters, categories: set[str]) -> None:
    """Every category and parameter a rule names must exist."""
    problems = []
    for rule in registry:
        for category in [*rule.takes.categories, *rule.feeds.input_categories]:
            if category not in categories:
                problems.append(f"rule {rule.id!r}: unknown category {category!r}")
        for key in rule.params():
            if key not in parameters:
                problems.append(f"rule {rule.id!r}: unknown parameter {key!r}")
    if problems:
        raise InvalidInput("synergy rules refer to unknown names", problems)


def _read_yaml(path: Path) -> Any:
    try:
        return yamlio.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"cannot read {path.name}", str(exc)) from exc


def _errors(exc: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
