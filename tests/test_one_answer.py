"""One answer everywhere: every declared read, asked the same question through the Python
API, the command line (``--json``), the REST API and (where the dashboard offers one) the
page's CSV download, gives the same document and the same numbers.

The Python answer is the reference: the API's JSON is the same document (with its page
fields), the command line prints the same document, and a page's CSV carries the same
values in its rows.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from southsouth.cli import app as cli_app
from southsouth.server import create_app
from southsouth.service.reads import READS
from southsouth.settings import load_settings
from southsouth.workspace import open_workspace

pytestmark = pytest.mark.slow

#: Fields an API list adds to a document (its page).
PAGE_FIELDS = {"total", "limit", "offset", "next", "prev"}


@dataclass(frozen=True)
class Case:
    """One question: the read's parameters and how each surface asks it."""

    read: str
    params: dict[str, Any]
    api: str
    cli: tuple[str, ...]
    #: The page's CSV download, and (CSV column → document item field) pairs to compare,
    #: matched on the key columns (CSV column, item field).
    web: str | None = None
    keys: tuple[tuple[str, str], ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    #: Where the CSV's rows are in the document when they are not its items.
    rows: str = "items"
    extra: dict[str, Any] = field(default_factory=dict)


CASES = (
    Case("datasets", {}, "/datasets", ("data", "list", "--loaded")),
    Case(
        "countries",
        {"group": "BRICS", "year": 2024},
        "/countries?group=BRICS&year=2024",
        ("countries", "--group", "BRICS", "--year", "2024"),
    ),
    Case("blocs", {}, "/blocs", ("blocs",)),
    Case(
        "members",
        {"bloc": "BRICS", "year": 2024},
        "/blocs/BRICS/members?year=2024",
        ("members", "BRICS", "--year", "2024"),
    ),
    Case("indicators", {}, "/indicators", ("indicators", "list", "--all")),
    Case(
        "observations",
        {"indicator": "wdi_population", "countries": ("GHA", "NGA"), "years": (2020, 2021)},
        "/indicators/wdi_population/observations?country=NGA&country=GHA&year=2020&year=2021",
        (
            "indicators",
            "observations",
            "wdi_population",
            "--country",
            "NGA,GHA",
            "--years",
            "2020-2021",
        ),
    ),
    Case(
        "profile",
        {"country": "NGA"},
        "/countries/NGA/profile",
        ("profile", "NGA"),
        web="/en/country/NGA/profile.csv",
        keys=(("indicator", "indicator"),),
        columns=(("value", "value"), ("score", "score"), ("year", "year")),
    ),
    Case(
        "index",
        {"group": "ASEAN"},
        "/index?group=ASEAN",
        ("index", "--group", "ASEAN"),
        web="/en/map.csv?group=ASEAN",
        keys=(("iso3", "iso3"),),
        columns=(("score", "score"), ("rank", "rank")),
    ),
    Case(
        "compare",
        {"groups": ("AU", "ASEAN")},
        "/compare?group=AU&group=ASEAN",
        ("compare", "AU", "ASEAN"),
        web="/en/compare.csv?group=AU&group=ASEAN",
        keys=(("group", "group"), ("indicator", "indicator")),
        columns=(("value", "value"), ("coverage", "coverage")),
    ),
    Case(
        "gaps military",
        {"year": 2023},
        "/gaps/military?year=2023",
        ("gaps", "military", "--year", "2023"),
        web="/en/gaps/military.csv?year=2023",
        keys=(("entity", "entity"),),
        columns=(("value_usd_bn", "value_usd_bn"), ("share_pct", "share_pct")),
    ),
    Case(
        "gaps cyber",
        {},
        "/gaps/cyber",
        ("gaps", "cyber"),
        web="/en/gaps/cyber.csv",
        keys=(("comparison", "comparison"), ("group", "group")),
        columns=(("scored", "scored"), ("mean_score", "mean_score")),
        rows="gap",
    ),
    Case(
        "gaps civic-space",
        {},
        "/gaps/civic-space",
        ("gaps", "civic-space"),
        web="/en/gaps/civic-space.csv",
        keys=(("group", "group"), ("rating", "rating")),
        columns=(("countries", "countries"), ("pct_of_rated", "pct_of_rated")),
        rows="distribution",
    ),
    Case(
        "gaps climate",
        {"groups": ("AU",)},
        "/gaps/climate?group=AU",
        ("gaps", "climate", "--group", "AU"),
    ),
    Case(
        "gaps health-workforce",
        {"groups": ("searo",)},
        "/gaps/health-workforce?group=searo",
        ("gaps", "health-workforce", "--group", "searo"),
        web="/en/gaps/health.csv?region=searo",
        keys=(("group", "group"), ("year", "year")),
        columns=(("need", "need"), ("supply", "supply"), ("shortage", "shortage")),
        rows="projection",
    ),
    Case(
        "gaps aid-shock",
        {"groups": ("g77",)},
        "/gaps/aid-shock?group=g77",
        ("gaps", "aid-shock", "--group", "g77"),
    ),
    Case(
        "trade complexity",
        {},
        "/trade/complexity",
        ("trade", "complexity"),
    ),
    Case(
        "trade complexity products",
        {},
        "/trade/complexity/products",
        ("trade", "complexity", "--products"),
    ),
    Case(
        "trade links",
        {"bloc": "SADC"},
        "/trade/links?bloc=SADC",
        ("trade", "links", "--bloc", "SADC"),
    ),
    Case(
        "trade substitution",
        {"bloc": "SADC"},
        "/trade/substitution?bloc=SADC",
        ("trade", "substitution", "--bloc", "SADC"),
    ),
    Case("trade share", {}, "/trade/south-share", ("trade", "share")),
    Case(
        "routes missing",
        {"from_area": "africa", "to_area": "south-america"},
        "/connectivity/missing-links?from=africa&to=south-america",
        ("routes", "missing", "--from", "africa", "--to", "south-america"),
    ),
    Case("routes hubs", {}, "/connectivity/hubs", ("routes", "hubs")),
    Case(
        "routes links",
        {"country_a": "ZAF", "country_b": "BRA"},
        "/connectivity/links?a=ZAF&b=BRA",
        ("routes", "links", "ZAF", "BRA"),
    ),
    Case("routes change", {}, "/connectivity/change", ("routes", "change")),
    Case(
        "relations",
        {"country_a": "IND", "country_b": "PAK"},
        "/relations/IND/PAK",
        ("relations", "IND", "PAK"),
    ),
    Case(
        "relations map",
        {"group": "SADC"},
        "/relations?group=SADC",
        ("relations", "map", "--bloc", "SADC"),
    ),
    Case(
        "coalition",
        {"objective": "research", "group": "ASEAN", "size": 3},
        "/coalitions?objective=research&group=ASEAN&size=3",
        ("coalition", "--objective", "research", "--group", "ASEAN", "--size", "3"),
    ),
    Case(
        "roadmap", {"group": "MERCOSUR"}, "/roadmaps/MERCOSUR", ("roadmap", "--group", "MERCOSUR")
    ),
    Case("brief", {"bloc": "AU"}, "/blocs/AU/brief", ("brief", "--bloc", "AU")),
)


def test_every_declared_read_has_a_case() -> None:
    assert sorted(c.read for c in CASES) == sorted(READS)


@pytest.fixture(scope="module")
def home(full_warehouse):
    return full_warehouse.path.parent


@pytest.fixture(scope="module")
def api(home):
    return TestClient(create_app(load_settings(home=home)))


@pytest.fixture(scope="module")
def workspace(home):
    with open_workspace(home=home) as ws:
        yield ws


def _ask(ws, read: str, params: dict[str, Any]) -> dict[str, Any]:
    question: Any = ws.ask
    for part in read.split(" "):
        question = getattr(question, part.replace("-", "_"))
    return question(**params).document


def _api(client: TestClient, path: str) -> dict[str, Any]:
    """The API's document for ``path``: every page of a list, joined."""
    if not _paged(client, path):
        response = client.get(path)
        assert response.status_code == 200, response.text
        return response.json()
    joiner = "&" if "?" in path else "?"
    items: list[Any] = []
    while True:
        response = client.get(f"{path}{joiner}limit=1000&offset={len(items)}")
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if len(items) >= body["total"]:
            return {**{k: v for k, v in body.items() if k not in PAGE_FIELDS}, "items": items}


def _parameters(client: TestClient, path: str) -> list[dict[str, Any]]:
    """The OpenAPI parameters of the GET route that serves ``path``."""
    wanted = path.split("?")[0].strip("/").split("/")
    for route, methods in client.app.openapi()["paths"].items():
        parts = route.strip("/").split("/")
        if len(parts) == len(wanted) and all(
            p.startswith("{") or p == w for p, w in zip(parts, wanted, strict=True)
        ):
            return methods["get"].get("parameters", [])
    raise AssertionError(f"no API route for {path}")


def _paged(client: TestClient, path: str) -> bool:
    return any(q["name"] == "limit" for q in _parameters(client, path))


def _same_number(a: Any, b: str) -> bool:
    if a is None:
        return b == ""
    if isinstance(a, int | float):
        return b != "" and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return str(a) == b


@pytest.mark.parametrize("case", CASES, ids=[c.read for c in CASES])
def test_one_answer_on_every_surface(case: Case, workspace, api, home, monkeypatch) -> None:
    reference = _ask(workspace, case.read, case.params)
    assert _api(api, case.api) == reference

    monkeypatch.setenv("SOUTHSOUTH_HOME", str(home))
    printed = CliRunner().invoke(cli_app, [*case.cli, "--json"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout) == reference

    if case.web is not None:
        response = api.get(case.web)
        assert response.status_code == 200, response.text
        rows = list(csv.DictReader(io.StringIO(response.text)))
        items = {
            tuple(str(item[field]) for _, field in case.keys): item for item in reference[case.rows]
        }
        assert rows
        for row in rows:
            item = items[tuple(row[column] for column, _ in case.keys)]
            for column, field_name in case.columns:
                assert _same_number(item[field_name], row[column]), (row, item)


#: API query names that differ from the declared parameter's name.
API_NAMES = {
    "group": ("groups", "group"),
    "country": ("countries",),
    "year": ("years", "year"),
    "rule": ("rules",),
}
ALIASES = {
    "from": "from_area",
    "to": "to_area",
    "a": "country_a",
    "b": "country_b",
    "date": "on",
    "all": "all_statuses",
}


def _bounds(schema: dict[str, Any]) -> tuple[Any, Any]:
    for option in [schema, *schema.get("anyOf", [])]:
        if "minimum" in option or "maximum" in option:
            return option.get("minimum"), option.get("maximum")
    return None, None


@pytest.mark.parametrize("case", CASES, ids=[c.read for c in CASES])
def test_api_parameters_match_the_declaration(case: Case, api) -> None:
    """Every query parameter of an endpoint is a parameter of its declared read, with the
    same default and bounds (the API only renames a few, e.g. ``from`` for ``from_area``)."""
    read = READS[case.read]
    fields = read.params.model_fields
    parameters = _parameters(api, case.api)
    for parameter in parameters:
        name = parameter["name"]
        if name in ("limit", "offset") or parameter["in"] != "query":
            continue
        candidates = (ALIASES.get(name, name), *API_NAMES.get(name, ()))
        found = next((fields[c] for c in candidates if c in fields), None)
        assert found is not None, f"{case.api}: query {name!r} is not a parameter of {read.name}"
        schema = parameter["schema"]
        if "default" in schema and not found.is_required():
            default = found.default
            if isinstance(default, tuple):
                default = list(default)
            assert schema["default"] == default or (schema["default"] is None and default == [])
        low, high = _bounds(schema)
        lows = [m.ge for m in found.metadata if hasattr(m, "ge")]
        highs = [m.le for m in found.metadata if hasattr(m, "le")]
        if (lows or highs) and (low is not None or high is not None):
            assert (low, high) == (lows[0] if lows else None, highs[0] if highs else None), name


#: Command-line options that only shape what the command shows or writes (not the question).
PRESENTATION = {"json", "chart", "csv", "top_rows", "framework"}
#: Options whose empty default stands for a choice the command makes (roadmap: the --bloc
#: given, else the default group; health workforce: the --region given, else the read's;
#: climate: the read's g77).
SENTINELS = {
    ("roadmap", "group"),
    ("gaps health-workforce", "groups"),
    ("gaps climate", "groups"),
}
#: Command-line option names that differ from the declared parameter's name.
CLI_NAMES = {
    "draws": "draws",
    "uncertainty": "draws",
    "from": "from_area",
    "to": "to_area",
    "group": "group",
    "date": "on",
    "all": "all_statuses",
    "country": "countries",
}


def _cli_command(path: tuple[str, ...]) -> Any:
    import typer.main

    command: Any = typer.main.get_command(cli_app)
    for word in path:
        if not hasattr(command, "commands") or word not in command.commands:
            break
        command = command.commands[word]
    return command


@pytest.mark.parametrize("case", CASES, ids=[c.read for c in CASES])
def test_cli_defaults_match_the_declaration(case: Case) -> None:
    """Where a command's option names a parameter of its read, the default is the read's."""
    read = READS[case.read]
    fields = read.params.model_fields
    command = _cli_command(case.cli)
    checked = 0
    for option in command.params:
        if not option.opts[0].startswith("--"):
            continue
        flag = option.opts[0].removeprefix("--").replace("-", "_")
        candidates = (CLI_NAMES.get(flag, flag), f"{flag}s")
        name = next((c for c in candidates if c in fields), flag)
        if name in PRESENTATION or name not in fields or fields[name].is_required():
            continue
        if (case.read, name) in SENTINELS and option.default in (None, [], ()):
            continue
        declared = fields[name].default
        given = option.default
        if isinstance(declared, tuple):
            declared, given = list(declared), list(given or [])
        assert given == declared, f"{case.cli}: --{flag} defaults to {given!r}, not {declared!r}"
        checked += 1
    assert (
        checked
        or not any(not f.is_required() for f in fields.values())
        or case.read
        in (
            "datasets",
            "blocs",
            "indicators",
        )
    ), f"{case.cli}: no option checked"
