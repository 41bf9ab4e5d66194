"""The REST API (FastAPI): a thin adapter over the feature packages."""

from southsouth.api.app import create_app

__all__ = ["create_app"]
