"""The `assistant` command line: noun-verb groups over the same services as the API."""
