from tests.pipeline.parks import park, settings  # noqa: F401  (fixtures)
