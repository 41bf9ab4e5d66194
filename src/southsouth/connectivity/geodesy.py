"""Distances and great-circle arcs on a spherical Earth (mean radius 6,371.0088 km)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088

FloatArray = npt.NDArray[np.float64]


def haversine_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance in km between points given in degrees (broadcasts; NaN stays NaN)."""
    p1, p2 = np.radians(np.asarray(lat1, float)), np.radians(np.asarray(lat2, float))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), float)


def great_circle(
    lat1: float, lon1: float, lat2: float, lon2: float, points: int = 32
) -> tuple[FloatArray, FloatArray]:
    """``points`` (≥ 2) latitudes and longitudes along the shorter great-circle arc, ends included.

    Longitudes are unwrapped (they may leave −180…180 so the line does not jump across the
    map when the arc crosses the antimeridian); callers that draw on a map split or wrap them.
    """
    if points < 2:
        raise ValueError("a great-circle arc needs at least 2 points")
    a = np.radians([lat1, lon1])
    b = np.radians([lat2, lon2])
    va = np.array([np.cos(a[0]) * np.cos(a[1]), np.cos(a[0]) * np.sin(a[1]), np.sin(a[0])])
    vb = np.array([np.cos(b[0]) * np.cos(b[1]), np.cos(b[0]) * np.sin(b[1]), np.sin(b[0])])
    omega = float(np.arccos(np.clip(va @ vb, -1.0, 1.0)))
    t = np.linspace(0.0, 1.0, points)
    if omega < 1e-12:
        v = np.outer(1 - t, va) + np.outer(t, vb)
    else:
        v = (np.outer(np.sin((1 - t) * omega), va) + np.outer(np.sin(t * omega), vb)) / np.sin(
            omega
        )
    lats = np.degrees(np.arctan2(v[:, 2], np.hypot(v[:, 0], v[:, 1])))
    lons = np.degrees(np.unwrap(np.arctan2(v[:, 1], v[:, 0])))
    lons += np.round((lon1 - lons[0]) / 360.0) * 360.0
    return lats, lons
