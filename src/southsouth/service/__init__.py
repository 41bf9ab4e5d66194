"""Declared reads and how they are answered: parameters, documents, cache, snapshot."""
