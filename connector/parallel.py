"""Independent reads of one page, run concurrently: ``erp.parallel(read_a, read_b)``.

An order and its goods-out notes both need only the order's id: asked one after the other
they cost two round trips to the ERP, together one. Each call runs in a copy of the caller's
context (``contextvars.copy_context``), so it keeps the page's deadline scope, its budget
share and its call log (whose stale marker the page then shows).

The caller's thread runs the first call itself; a call made from one of the pool's own
threads runs its calls one after the other, so nested use can never wait for a free thread
that is waiting itself.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class Parallel:
    """A small pool of threads for independent ERP reads, owned by one client."""

    def __init__(self, max_workers: int = 8) -> None:
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(max_workers, thread_name_prefix="erp-read",
                                        initializer=self._mark_pool_thread)

    def _mark_pool_thread(self) -> None:
        self._local.in_pool = True

    def run(self, *calls: Callable[[], Any]) -> list[Any]:
        """Each call's result, in order; the first failure (in call order) is raised once
        every call has ended, so no read outlives the page that asked for it."""
        if len(calls) <= 1 or getattr(self._local, "in_pool", False):
            return [call() for call in calls]
        futures = [self._pool.submit(contextvars.copy_context().run, call)
                   for call in calls[1:]]
        outcomes: list[tuple[Any, BaseException | None]] = [_outcome(calls[0])]
        outcomes += [_landed(future) for future in futures]
        for _, error in outcomes:
            if error is not None:
                raise error
        return [value for value, _ in outcomes]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _outcome(call: Callable[[], Any]) -> tuple[Any, BaseException | None]:
    try:
        return call(), None
    except Exception as e:  # raised by run() once the others have ended
        return None, e


def _landed(future: Future) -> tuple[Any, BaseException | None]:
    error = future.exception()
    return (None, error) if error is not None else (future.result(), None)
