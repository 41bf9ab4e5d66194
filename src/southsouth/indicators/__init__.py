"""Indicators: country × year values for the roadmap's pillars."""

from southsouth.indicators.observations import indicator_catalogue, observations

__all__ = ["indicator_catalogue", "observations"]
