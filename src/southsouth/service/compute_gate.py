"""Expensive reads run on a few worker threads, with a bounded queue and a time budget.

A served instance must not let a handful of requests for expensive results (a roadmap,
coalitions, an index with Monte Carlo draws, a comparison of many blocs) take every thread
and every core. So those computations do not run on the request's thread: they go to a
:class:`ComputeGate`, which

- runs at most ``workers`` of them at once and holds at most ``queue`` more waiting; a
  request beyond that is refused at once with :class:`~southsouth.errors.ServerBusy` (503,
  ``Retry-After``), so waiting requests never pile up;
- joins a request to a computation already running for the same key (the same read with
  the same parameters on the same data), so identical requests are computed once;
- waits at most ``budget`` seconds for the result; past that the request gets
  :class:`~southsouth.errors.TimeBudgetExceeded` (503, ``Retry-After``) while a running
  computation goes on and caches its result for the retry. A computation still queued
  when its last waiter gives up is cancelled.

The workers are daemon threads: a server told to stop does not wait for a computation that
nobody will receive.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from southsouth.errors import ServerBusy, TimeBudgetExceeded

V = TypeVar("V")

#: Defaults for one server process on a two-core machine.
WORKERS = 2
QUEUE = 4
BUDGET_S = 30.0


class _Workers:
    """``count`` daemon threads running submitted calls in order (a minimal executor whose
    threads never hold up the interpreter's exit)."""

    def __init__(self, count: int) -> None:
        self._tasks: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]] | None] = (
            queue.SimpleQueue()
        )
        self._threads = [
            threading.Thread(target=self._work, name=f"southsouth-compute-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, call: Callable[[], V]) -> Future[V]:
        future: Future[V] = Future()
        self._tasks.put((future, call))
        return future

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            future, call = task
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as error:  # handed to the waiting request
                future.set_exception(error)

    def shutdown(self) -> None:
        """Cancel what is queued; running calls finish; then the threads end."""
        while True:
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                break
            if task is not None:
                task[0].cancel()
        for _ in self._threads:
            self._tasks.put(None)


@dataclass
class _Job(Generic[V]):
    future: Future[V]
    waiters: int = 0


class ComputeGate:
    """Bounded, deduplicated, time-limited execution of expensive computations."""

    def __init__(
        self, *, workers: int = WORKERS, queue: int = QUEUE, budget: float = BUDGET_S
    ) -> None:
        if workers < 1 or queue < 0 or budget <= 0:
            raise ValueError("workers ≥ 1, queue ≥ 0 and budget > 0 are required")
        self.workers = workers
        self.capacity = workers + queue
        self.budget = budget
        self._executor: _Workers | None = None
        self._lock = threading.RLock()
        self._jobs: dict[Hashable, _Job[object]] = {}
        #: Requests refused because the queue was full, and requests that ran out of time.
        self.refused = 0
        self.timed_out = 0

    @property
    def pending(self) -> int:
        """Computations running or queued."""
        with self._lock:
            return len(self._jobs)

    def run(self, key: Hashable, compute: Callable[[], V]) -> V:
        """``compute()`` on a worker (or the running computation of ``key``), waited for at
        most the budget."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                if len(self._jobs) >= self.capacity:
                    self.refused += 1
                    raise ServerBusy(
                        f"the server is computing {len(self._jobs)} expensive results already "
                        f"({self.workers} at a time)",
                        retry_after=self._wait_estimate(),
                        hint="retry after the number of seconds in Retry-After; results "
                        "already computed are served from the cache at once",
                    )
                if self._executor is None:
                    self._executor = _Workers(self.workers)
                job = _Job(self._executor.submit(compute))
                self._jobs[key] = job
                job.future.add_done_callback(lambda _, k=key, j=job: self._forget(k, j))
            job.waiters += 1
        try:
            return job.future.result(timeout=self.budget)  # type: ignore[return-value]
        except (FutureTimeout, CancelledError):
            self.timed_out += 1
            raise TimeBudgetExceeded(
                f"the result took longer than this request's budget of {self.budget:g} s",
                retry_after=self._wait_estimate(),
                hint="retry later: the computation goes on and its result will be cached",
            ) from None
        finally:
            with self._lock:
                job.waiters -= 1
                if job.waiters == 0 and job.future.cancel():
                    self._jobs.pop(key, None)

    def _forget(self, key: Hashable, job: _Job[object]) -> None:
        with self._lock:
            if self._jobs.get(key) is job:
                del self._jobs[key]

    def _wait_estimate(self) -> int:
        return max(1, round(self.budget / 2))

    def close(self) -> None:
        """Cancel queued computations (running ones finish on their threads); the next
        :meth:`run` starts new workers."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown()
