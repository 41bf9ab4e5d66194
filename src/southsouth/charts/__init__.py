"""Charts (Altair / Vega-Lite) rendered offline to SVG, PNG or PDF by vl-convert."""

from southsouth.charts.render import CHART_FORMATS, save_chart

__all__ = ["CHART_FORMATS", "save_chart"]
