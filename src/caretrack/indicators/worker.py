"""A second process that compiles part of a first run's queries.

A run of the indicator set on DuckDB whose compiled SQL is not kept yet
(caretrack.indicators.plans) spends most of its time in ibis building and compiling
about a hundred queries: pure Python, so one core. `Split` forks a worker that takes
figures from the end of the list and compiles them, sending each one's SQL back
through a pipe, while this process takes figures from the front, compiling and running
them, and runs the worker's as they arrive (as a second run would, from the SQL).

The worker never uses the database: a DuckDB connection must not be used across a
fork, and compiling needs none (`Data.look_up_tables` asks the store for every table's
schema before the fork). Should the worker fail, or say nothing for `WAIT_SECONDS`,
this process compiles what the worker had taken: the figures never depend on it.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import sys
import threading

# Fewer queries than this to compile are not worth starting a process for.
MIN_ITEMS = 8
# How long this process, with nothing else left to do, waits for the worker's next
# figure (a second or less) before it stops the worker and compiles the rest itself.
WAIT_SECONDS = 20.0


def available() -> bool:
    """Forking is safe here: on Linux (macOS forbids much after fork; Windows has none),
    from the main thread. A server answering requests on threads of its own (a web app)
    calls from one of them, and its other threads may hold locks a fork would copy
    held; there the run goes on alone, in this process."""
    return sys.platform == "linux" and threading.current_thread() is threading.main_thread()


class Split:
    """Every item of `items`, each once, for this process to compute, while a forked
    worker calls `compile_one` on items taken from the back (which puts their SQL in
    `plans`) and hands that SQL to this process's `plans` before its item comes out.

        with Split(figures, compile_one, plans) as items:
            for item in items:
                ...  # compile (unless the worker did) and run it

    Items for which `group` gives the same value (figures that build the same cohorts)
    are compiled in one process. `before_fork` runs here just before the worker starts
    (to ask the database now for whatever compiling needs); `detach` runs first in the
    worker (to make any use of this process's database connection fail at once).
    Without a worker (too few items, or no fork on this system) the items come out in
    order.
    """

    def __init__(self, items: list, compile_one, plans, group=None, before_fork=None, detach=None):
        self.items, self.compile_one, self.plans = items, compile_one, plans
        self.groups = [group(item) if group else i for i, item in enumerate(items)]
        self.before_fork, self.detach = before_fork, detach
        self.pid = None
        self.ready: list[int] = []  # items whose SQL the worker sent, not yet handed out
        self.received: set[int] = set()

    def __enter__(self):
        if len(self.items) < MIN_ITEMS or not available():
            return iter(self.items)
        if self.before_fork:
            self.before_fork()
        # The first item is compiled before the worker starts, so that both processes
        # have what it built: the first figures build the cohorts most others use.
        self.compile_one(self.items[0])
        try:
            self._start()
        except OSError:  # no process, pipe or shared memory to be had: go alone
            return iter(self.items)
        self.ready.append(0)
        return self._items()

    def _start(self) -> None:
        import multiprocessing

        # The next item from the front, and the last one the worker took.
        self.claims = multiprocessing.get_context("fork").Array("i", [1, len(self.items)])
        read_end, write_end = os.pipe()
        # Objects made so far are left alone by the garbage collector until the end, so
        # neither process copies the memory pages they share to mark them.
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:  # the worker: never returns to the caller's code
            code = 1
            try:
                os.close(read_end)
                # Nothing to say, and nothing to wait for: a thread of this process's
                # parent (a progress bar) may have held the terminal's lock at the fork.
                sys.stdout = sys.stderr = open(os.devnull, "w")
                if self.detach:
                    self.detach()
                self._work(write_end)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self.read_end, self.open, self.buffer = pid, read_end, True, b""

    def _items(self):
        while True:
            self._read(wait=False)
            if not self.ready and (i := self._claim(front=True)) is not None:
                yield self.items[i]
                continue
            # Nothing to take from the front: the worker has, or will take, the rest.
            while self.open and not self.ready and self._not_here():
                self._read(wait=True)
            if not self.ready:
                if self.open:  # all done
                    return
                # The worker stopped: what it did not send is for this process.
                self.ready = sorted(self._not_here())
                self.received.update(self.ready)
                if not self.ready:
                    return
            yield self.items[self.ready.pop(0)]

    def _not_here(self) -> set[int]:
        """Items neither taken by this process nor received from the worker."""
        return set(range(self.claims[0], len(self.items))) - self.received

    def _claim(self, front: bool) -> int | None:
        """The next item from the front (this process) or the back (the worker), if any.
        Items of one group (figures that build the same cohorts) stay in one process:
        neither takes an item of the group the other is in."""
        with self.claims.get_lock():
            first, end = self.claims[0], self.claims[1]
            if first >= end:
                return None
            if front:
                if end < len(self.items) and self.groups[first] == self.groups[end]:
                    return None
                self.claims[0] = first + 1
                return first
            if first > 0 and self.groups[end - 1] == self.groups[first - 1]:
                return None
            self.claims[1] = end - 1
            return end - 1

    def _work(self, write_end: int) -> None:
        """The worker: compile items from the back until none is left, sending after each
        the entries of compiled SQL it added, as a line of JSON."""
        with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
            while (i := self._claim(front=False)) is not None:
                before = dict(self.plans.sql)
                self.compile_one(self.items[i])
                added = {k: v for k, v in self.plans.sql.items() if before.get(k) != v}
                pipe.write(json.dumps({"item": i, "sql": added}) + "\n")
                pipe.flush()

    def _read(self, wait: bool) -> None:
        """Take in what the worker has sent; with `wait`, wait up to WAIT_SECONDS for it
        (then stop the worker)."""
        if not self.open:
            return
        if not select.select([self.read_end], [], [], WAIT_SECONDS if wait else 0)[0]:
            if wait:
                self._stop()
            return
        chunk = os.read(self.read_end, 1 << 16)
        if not chunk:
            self.open = False
            return
        *lines, self.buffer = (self.buffer + chunk).split(b"\n")
        for line in lines:
            message = json.loads(line)
            for key, sql in message["sql"].items():
                self.plans.put(key, sql)
            self.ready.append(message["item"])
            self.received.add(message["item"])

    def _stop(self) -> None:
        if self.open:
            os.kill(self.pid, signal.SIGKILL)
            self.open = False

    def __exit__(self, kind, value, traceback):
        if self.pid is not None:
            self._stop()
            os.close(self.read_end)
            os.waitpid(self.pid, 0)
            gc.unfreeze()
