"""The version of southsouth (read by the package, its surfaces and its provenance)."""

__version__ = "0.1.0"
