"""Wiring: builds the stores, models and services once, from settings."""
