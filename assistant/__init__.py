"""Simbioze: a facilitation assistant and knowledge base for green industrial parks."""

__version__ = "0.1.0"
