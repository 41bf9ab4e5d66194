"""The REST API (FastAPI): routers over the declared reads and the tracker."""

from southsouth.api.app import create_api

__all__ = ["create_api"]
