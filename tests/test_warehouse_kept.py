"""Answers a read-only warehouse keeps: computed once per connection, handed out as copies."""

from __future__ import annotations

from datetime import date

from southsouth.registry import group_countries
from southsouth.warehouse.store import Warehouse


def test_read_only_keeps_one_answer_and_hands_out_copies(loaded):
    writer = loaded("blocs")
    path = writer.path
    writer.close()
    calls: list[int] = []

    def count() -> object:
        calls.append(1)
        return reader.query("SELECT count(*) AS n FROM country")

    with Warehouse(path, read_only=True) as reader:
        first = reader.kept("countries", count)
        first.loc[0, "n"] = -1
        second = reader.kept("countries", count)
        assert len(calls) == 1 and int(second.at[0, "n"]) > 190
        members = group_countries(reader, "AU", on=date(2026, 1, 1))
        members.drop(members.index, inplace=True)
        assert len(group_countries(reader, "AU", on=date(2026, 1, 1))) == 55
        # Morocco rejoined on 31 January 2017: a different day is a different answer.
        assert len(group_countries(reader, "AU", on=date(2017, 1, 1))) == 54
    with Warehouse(path, read_only=True) as again:
        again.kept("countries", lambda: again.query("SELECT 1 AS n"))
        assert int(again.kept("countries", count).at[0, "n"]) == 1


def test_a_writable_warehouse_asks_every_time(loaded):
    writer = loaded("blocs")
    calls: list[int] = []

    def count() -> object:
        calls.append(1)
        return writer.query("SELECT count(*) AS n FROM country")

    writer.kept("countries", count)
    writer.kept("countries", count)
    assert len(calls) == 2
    assert writer.loaded("blocs") and not writer.loaded("wdi-gdp")
