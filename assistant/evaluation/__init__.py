"""Deterministic evaluation on versioned question sets."""
