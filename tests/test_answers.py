"""The Python API's answers: ``ws.ask.<read>`` named like the command line, with a table,
sources, notes and a notebook view; clear errors for a wrong call."""

from __future__ import annotations

import pytest

from southsouth.errors import InputError
from southsouth.workspace import open_workspace


@pytest.fixture
def ws(loaded, tmp_path):
    loaded("blocs").close()
    with open_workspace(home=tmp_path / "loaded") as workspace:
        yield workspace


def test_members_answer_has_rows_sources_and_a_notebook_view(ws) -> None:
    answer = ws.ask.members("BRICS", year=2024)
    assert sorted(answer.frame["iso3"]) == [
        "ARE",
        "BRA",
        "CHN",
        "EGY",
        "ETH",
        "IND",
        "IRN",
        "RUS",
        "ZAF",
    ]
    assert answer["bloc_id"] == "BRICS" and answer["date"] == "2024-12-31"
    assert "blocs" in set(answer.sources["source_id"])
    view = answer._repr_html_()
    assert "<table" in view and "9 rows" in view and "bloc=&#x27;BRICS&#x27;" in view


def test_questions_are_grouped_like_the_commands(ws) -> None:
    assert {"gaps", "trade", "routes", "relations", "profile"} <= set(dir(ws.ask))
    assert set(dir(ws.ask.gaps)) == {
        "aid_shock",
        "civic_space",
        "climate",
        "cyber",
        "health_workforce",
        "military",
    }
    assert "map" in dir(ws.ask.relations)  # `relations` is a read and holds `relations map`
    assert ws.ask.members.__doc__.endswith(
        "Parameters: bloc, year=None, on=None, all_statuses=False"
    )


def test_wrong_calls_say_what_is_wrong(ws) -> None:
    with pytest.raises(AttributeError, match="no read 'membres'"):
        _ = ws.ask.membres
    with pytest.raises(InputError, match="at most 4 values"):
        ws.ask.members("BRICS", 2024, None, False, "extra")
    with pytest.raises(InputError, match="given twice"):
        ws.ask.members("BRICS", bloc="AU")
    with pytest.raises(InputError, match="year 1900 is out of range"):
        ws.ask.members("BRICS", year=1900)
