"""Load test: many concurrent clients against a running multi-worker server (see run.py)."""
