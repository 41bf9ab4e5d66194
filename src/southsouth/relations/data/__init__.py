"""Curated data files of the relations package (frictions with their sources)."""
