"""Rendering a chart to a file, offline and atomically."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from southsouth.atomic import atomic_writer
from southsouth.errors import InputError

CHART_FORMATS = (".svg", ".png", ".pdf", ".json")


def chart_spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite specification of ``chart`` (all data inline)."""
    if isinstance(chart, dict):
        return chart
    with alt.data_transformers.disable_max_rows():
        return chart.to_dict()


def save_chart(chart: alt.TopLevelMixin | dict[str, Any], path: Path, *, scale: float = 2) -> Path:
    """Write ``chart`` to ``path``; the suffix picks SVG, PNG, PDF or the Vega-Lite JSON."""
    suffix = path.suffix.lower()
    if suffix not in CHART_FORMATS:
        raise InputError(
            f"cannot write a chart to {path.name!r}",
            hint=f"use a file name ending in {', '.join(CHART_FORMATS)}",
        )
    spec = chart_spec(chart)
    if suffix == ".svg":
        data: bytes = vlc.vegalite_to_svg(spec, allowed_base_urls=[]).encode("utf-8")
    elif suffix == ".png":
        data = vlc.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])
    elif suffix == ".pdf":
        data = vlc.vegalite_to_pdf(spec, allowed_base_urls=[])
    else:
        data = json.dumps(spec, indent=2, ensure_ascii=False).encode("utf-8")
    with atomic_writer(path) as handle:
        handle.write(data)
    return path


#: Characters per subtitle line: long citations wrap instead of widening the chart.
CAPTION_WIDTH = 110


def source_caption(*parts: str) -> alt.TitleParams:
    """A title whose subtitle lines cite the data (each part wrapped to ``CAPTION_WIDTH``)."""
    title, *rest = parts
    lines = [line for part in rest for line in textwrap.wrap(part, CAPTION_WIDTH) or [""]]
    return alt.TitleParams(title, subtitle=lines, anchor="start", subtitleFontSize=10)
