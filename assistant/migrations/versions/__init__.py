"""Ordered migration scripts, oldest first (`down_revision` chains them)."""
