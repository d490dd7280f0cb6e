from tests.deals.parks import park, settings  # noqa: F401  (fixtures)
