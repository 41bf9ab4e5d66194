"""WTO/UNCTAD structural-gravity panel (69 countries, 1986–2006)."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from direct_parse import mirror_files, parse
from southsouth.errors import ParseError
from southsouth.sources.agtpa import AGTPA_GRAVITY


@pytest.mark.golden
def test_brazil_to_argentina_2006_in_us_dollars(loaded):
    wh = loaded("agtpa-gravity-1986-2006")
    flow = wh.query(
        "SELECT * FROM trade_flow WHERE source_id = 'agtpa-gravity-1986-2006' "
        "AND exporter_iso3 = 'BRA' AND importer_iso3 = 'ARG' AND year = 2006"
    ).iloc[0]
    # SOURCES.md: BRA→ARG 2006 = 10,926 (millions of US$); stored in US$.
    assert round(flow["value_usd"] / 1e6) == 10_926
    assert flow["value_usd"] == pytest.approx(10_926.22087463379e6)
    assert flow["classification"] == "TOTAL-MANUF" and flow["product"] == "TOTAL"
    assert pd.isna(flow["quantity_t"]) and flow["period_years"] == 1


def test_panel_shape_romania_and_dropped_domestic_flows(loaded):
    wh = loaded("agtpa-gravity-1986-2006")
    stats = wh.query(
        "SELECT count(*) AS n, count(DISTINCT exporter_iso3) AS countries, min(year) AS y0, "
        "max(year) AS y1, count(*) FILTER (WHERE value_usd = 0) AS zeros, "
        "count(*) FILTER (WHERE exporter_iso3 = importer_iso3) AS domestic, "
        "count(*) FILTER (WHERE exporter_iso3 = 'ROU') AS romania "
        "FROM trade_flow WHERE source_id = 'agtpa-gravity-1986-2006'"
    ).iloc[0]
    assert stats["n"] == 99_981 - 1_449 and stats["countries"] == 69
    assert (stats["y0"], stats["y1"]) == (1986, 2006)
    assert stats["zeros"] == 8_475 and stats["domestic"] == 0 and stats["romania"] == 68 * 21
    issues = wh.query(
        "SELECT issues FROM dataset_status WHERE dataset_id = 'agtpa-gravity-1986-2006'"
    )["issues"].iloc[0]
    assert '"kind": "domestic-flow-dropped"' in issues and '"rows": 1449' in issues


def test_non_numeric_trade_is_a_parse_error(tmp_path, mirror):
    source = mirror_files(AGTPA_GRAVITY, mirror)["agtpa.csv.gz"]
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        text = handle.read()
    path = tmp_path / "agtpa.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text.replace("ARG,AUS,1,1986,27.76487390676141", "ARG,AUS,1,1986,n/a", 1))
    with pytest.raises(ParseError, match=r"column 'trade' holds 'n/a'") as err:
        parse(AGTPA_GRAVITY, mirror, **{"agtpa.csv.gz": path})
    assert err.value.path == str(path) and err.value.line == 3


def test_truncated_gzip_is_a_parse_error(tmp_path, mirror):
    data = mirror_files(AGTPA_GRAVITY, mirror)["agtpa.csv.gz"].read_bytes()
    path = tmp_path / "agtpa.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as err:
        parse(AGTPA_GRAVITY, mirror, **{"agtpa.csv.gz": path})
    assert err.value.path == str(path)
