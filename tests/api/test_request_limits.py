"""The limits of a served instance, unit by unit: the compute gate and per-caller allowances."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from southsouth.api.request_limits import Allowances, Caller, rate
from southsouth.errors import ConfigError, RateLimited, ServerBusy, TimeBudgetExceeded
from southsouth.service.compute_gate import ComputeGate

pytestmark = pytest.mark.serial  # timing windows of a fraction of a second


def test_gate_runs_identical_requests_once_and_refuses_beyond_its_queue():
    gate = ComputeGate(workers=1, queue=1, budget=5)
    release = threading.Event()
    calls: list[str] = []

    def slow(name: str) -> str:
        calls.append(name)
        release.wait(5)
        return name.upper()

    results: dict[str, object] = {}

    def ask(label: str, key: str) -> None:
        try:
            results[label] = gate.run(key, lambda: slow(key))
        except Exception as error:  # the refusal is the result under test
            results[label] = error

    first = [threading.Thread(target=ask, args=(f"a{i}", "a")) for i in range(3)]
    for thread in first:
        thread.start()
    while gate.pending < 1:
        time.sleep(0.01)
    queued = threading.Thread(target=ask, args=("b", "b"))
    queued.start()
    while gate.pending < 2:
        time.sleep(0.01)
    with pytest.raises(ServerBusy) as refused:
        gate.run("c", lambda: "never")
    assert refused.value.retry_after >= 1 and gate.refused == 1
    release.set()
    for thread in [*first, queued]:
        thread.join(5)
    assert [results[f"a{i}"] for i in range(3)] == ["A", "A", "A"]
    assert results["b"] == "B"
    assert sorted(calls) == ["a", "b"]  # three requests for "a", one computation
    assert gate.pending == 0
    gate.close()


def test_gate_time_budget_lets_the_computation_finish_for_the_retry():
    gate = ComputeGate(workers=1, queue=0, budget=0.2)
    done = threading.Event()
    finished: list[int] = []

    def slow() -> int:
        time.sleep(0.6)
        finished.append(42)
        done.set()
        return 42

    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded) as late:
        gate.run("k", slow)
    waited = time.monotonic() - started
    assert 0.2 <= waited < 1.0 and late.value.retry_after >= 1 and gate.timed_out == 1
    assert done.wait(2) and finished == [42]  # it went on after the request gave up
    gate.close()


def test_gate_cancels_a_queued_computation_nobody_waits_for():
    gate = ComputeGate(workers=1, queue=1, budget=0.2)
    release = threading.Event()
    ran: list[str] = []

    def blocker() -> str:
        release.wait(5)
        return "x"

    def hold() -> None:
        # its own request may give up first, or get the result once released: either is fine
        with contextlib.suppress(TimeBudgetExceeded):
            gate.run("busy", blocker)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    while gate.pending < 1:
        time.sleep(0.01)
    with pytest.raises(TimeBudgetExceeded):
        gate.run("queued", lambda: ran.append("queued") or "y")
    assert gate.pending == 1  # the queued job was cancelled, the running one stays
    release.set()
    holder.join(5)
    time.sleep(0.05)
    assert ran == [] and gate.pending == 0
    gate.close()


def test_allowances_refuse_anonymous_excess_with_retry_after():
    allowances = Allowances(rate("3/minute", name="rate"), rate("1/minute", name="compute"))
    anonymous, holder = Caller("addr:10.0.0.1", True), Caller("token:tok_1", False)
    for _ in range(3):
        allowances.charge_request(anonymous)
    with pytest.raises(RateLimited) as limited:
        allowances.charge_request(anonymous)
    assert limited.value.http_status == 429 and 1 <= limited.value.retry_after <= 61
    assert "at most 3 per 60 s" in limited.value.message
    for _ in range(10):
        allowances.charge_request(holder)  # a token holder is not limited
    allowances.charge_request(Caller("addr:10.0.0.2", True))  # another address has its own
    allowances.charge_compute(anonymous)
    with pytest.raises(RateLimited):
        allowances.charge_compute(anonymous)
    allowances.charge_compute(None)  # no guard, no charge


def test_rates_parse_or_fail_clearly():
    assert rate("0", name="SOUTHSOUTH_API_RATE") is None
    assert rate("off", name="SOUTHSOUTH_API_RATE") is None
    parsed = rate("600/minute", name="SOUTHSOUTH_API_RATE")
    assert parsed is not None and parsed.amount == 600 and parsed.get_expiry() == 60
    with pytest.raises(ConfigError, match="SOUTHSOUTH_API_RATE 'lots' is not a rate"):
        rate("lots", name="SOUTHSOUTH_API_RATE")
