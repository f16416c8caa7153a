"""Time limits that work inside a stage: a pathological document cannot hang a worker.

``time_limit(seconds, ...)`` is a context manager that raises ``ExtractError`` V302 when its
block runs past ``seconds``:

* in the main thread (``vezha ingest``, ``vezha analyze``, the fuzz runner) by a real-time
  timer (``signal.setitimer`` and SIGALRM). Python checks signals between bytecodes and inside
  the regex engine, so a catastrophic backtracking pattern is interrupted too;
* in any other thread (Dask worker threads, the web app's thread pool) by a watchdog timer
  that raises the error asynchronously in the thread (``PyThreadState_SetAsyncExc``). That
  interrupts Python code, not one long C call; ``hard_exit`` adds a last resort for worker
  processes: past twice the limit (plus ``HARD_GRACE`` s) the process exits, its supervisor
  (the Dask nanny) replaces it and the chunk fails with V303.

Limits nest: an inner limit never extends an outer one. ``seconds <= 0`` means no limit.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from .errors import ExtractError

__all__ = ["time_limit", "DocumentTimeout", "HARD_GRACE"]

HARD_GRACE = 10.0       # seconds past twice the limit before a worker process is ended


class DocumentTimeout(ExtractError):
    """A document ran past ``max_doc_seconds`` (code V302)."""

    default_code = "V302"

    def __init__(self, reason: str = "analysis exceeded the time limit", **fields: str) -> None:
        super().__init__(reason, **fields)


@contextmanager
def time_limit(seconds: float, *, doc_id: str = "", source: str = "", stage: str = "",
               hard_exit: bool | None = None) -> Iterator[None]:
    """Raise ``DocumentTimeout`` (V302) if the block runs longer than ``seconds``.

    ``hard_exit`` (default: when this is a child process, as Dask workers are) ends the
    process if a thread other than the main one stays stuck past the hard limit."""
    if not seconds or seconds <= 0:
        yield
        return
    error = DocumentTimeout(f"analysis exceeded {seconds:g} s (the max_doc_seconds setting)",
                            code="V302", doc_id=doc_id, source=source, stage=stage)
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds, error):
            yield
    else:
        hard = multiprocessing.parent_process() is not None if hard_exit is None else hard_exit
        with _watchdog(seconds, error, hard):
            yield


@contextmanager
def _alarm(seconds: float, error: DocumentTimeout) -> Iterator[None]:
    """SIGALRM after ``seconds``, unless an outer timer fires sooner (it is then left alone)."""
    start = time.monotonic()
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_left and outer_left <= seconds:
        yield
        return

    def on_alarm(signum, frame):
        raise error

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:      # give the outer timer back what it has left
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - start), 1e-3))


@dataclass
class _Watch:
    """The state a watchdog shares with the thread it watches."""
    ident: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False
    fired: bool = False

    def fire(self) -> None:
        with self.lock:
            if not self.done:
                self.fired = True
                _async_raise(self.ident, DocumentTimeout)

    def finish(self) -> None:
        with self.lock:
            self.done = True
            if self.fired:          # not raised yet (the block ended first): withdraw it
                _async_raise(self.ident, None)

    def exit_if_stuck(self) -> None:
        if not self.done:
            os._exit(75)    # EX_TEMPFAIL: the supervisor (Dask nanny) starts a new worker


@contextmanager
def _watchdog(seconds: float, error: DocumentTimeout, hard_exit: bool) -> Iterator[None]:
    """A timer thread raises V302 in this thread; past the hard limit it ends the process."""
    watch = _Watch(threading.get_ident())
    timers = [threading.Timer(seconds, watch.fire)]
    if hard_exit:
        timers.append(threading.Timer(2 * seconds + HARD_GRACE, watch.exit_if_stuck))
    for timer in timers:
        timer.daemon = True
        timer.start()
    try:
        yield
    except DocumentTimeout as exc:
        watch.fired = False
        raise error from exc
    finally:
        watch.finish()
        for timer in timers:
            timer.cancel()


def _async_raise(ident: int, kind: type[BaseException] | None) -> None:
    """Raise ``kind`` in thread ``ident`` at its next bytecode (None withdraws a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                               ctypes.py_object(kind) if kind else None)
