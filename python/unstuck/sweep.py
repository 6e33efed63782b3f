"""One sweep run through ``unstuck_sweep_*``: the options, the ctypes trampolines that carry the library's
callbacks to Python (an exception raised there is kept, the sweep told to stop, and the exception raised again
when the run returns), and the line source that feeds an iterable of orders."""

from __future__ import annotations

import ctypes
import datetime
import json
from typing import Any, Callable, Dict, Iterator, Optional, Union

from . import _capi
from .errors import Error

#: The instant a sweep decides at: RFC 3339 text, an aware datetime, or None for the clock.
Now = Union[str, datetime.datetime, None]

#: What a trampoline returns to stop the sweep, and what the line source returns to abort it.
_STOP = 1
_ABORT = -1


def _now_text(now: Now) -> Optional[bytes]:
    if now is None:
        return None
    if isinstance(now, datetime.datetime):
        if now.tzinfo is None:
            raise ValueError("now: a datetime without a time zone is ambiguous")
        return now.isoformat().encode()
    if isinstance(now, str):
        return now.encode("utf-8", "surrogatepass")
    raise TypeError(f"now: expected str or datetime, got {type(now).__name__}")


class SweepRun:
    """The state of one run: the options structure, the callbacks kept alive while the library holds them,
    the first exception a callback raised, and the current line (valid until the next one is asked for)."""

    def __init__(self, lib: ctypes.CDLL, *, dry_run: bool, now: Now, concurrency: int,
                 progress: Optional[Callable[[Dict[str, Any]], Any]],
                 on_decision: Optional[Callable[[Dict[str, Any]], Any]],
                 log: Optional[Callable[[int, str], Any]]) -> None:
        if concurrency < 0:
            raise ValueError("concurrency: must be 0 (the config's) or more")
        self._lib = lib
        self._raised: Optional[BaseException] = None
        self._line: bytes = b""
        self._lines: Iterator[bytes] = iter(())
        self._now = _now_text(now)
        self._progress = progress
        self._on_decision = on_decision
        self._log = log

        self.options = _capi.SweepOptions()
        _capi.check(lib.unstuck_sweep_options_init(ctypes.byref(self.options), ctypes.sizeof(self.options)))
        self.options.dry_run = 1 if dry_run else 0
        self.options.concurrency = concurrency
        self.options.now = self._now
        # The ctypes function objects must live as long as the library may call them: they are attributes.
        self._progress_fn = _capi.ProgressFn(self._on_progress)
        self._decision_fn = _capi.DecisionFn(self._on_decision_json)
        self._log_fn = _capi.LogFn(self._on_log)
        self._source_fn = _capi.LineSource(self._next_line)
        if progress is not None:
            self.options.progress = self._progress_fn
        if on_decision is not None:
            self.options.decision = self._decision_fn
        if log is not None:
            self.options.log = self._log_fn

    # -- trampolines: never let an exception reach ctypes (it would print it and return 0) ---------------------

    def _on_progress(self, _ctx: Optional[int], text: Optional[bytes]) -> int:
        return self._deliver(self._progress, text)

    def _on_decision_json(self, _ctx: Optional[int], text: Optional[bytes]) -> int:
        return self._deliver(self._on_decision, text)

    def _deliver(self, callback: Optional[Callable[[Dict[str, Any]], Any]], text: Optional[bytes]) -> int:
        if self._raised is not None or callback is None:
            return _STOP if self._raised is not None else 0
        try:
            callback(json.loads(text or b"null"))
            return 0
        except BaseException as e:  # noqa: BLE001 - kept and raised again from sweep()
            self._raised = e
            return _STOP

    def _on_log(self, _ctx: Optional[int], level: int, line: Optional[bytes]) -> None:
        if self._raised is not None or self._log is None:
            return
        try:
            self._log(level, (line or b"").decode("utf-8", "replace"))
        except BaseException as e:  # noqa: BLE001 - the line source stops the sweep; raised after it
            self._raised = e

    def _next_line(self, _ctx: Optional[int], line: Any, length: Any) -> int:
        if self._raised is not None:
            return _ABORT
        try:
            self._line = next(self._lines)
        except StopIteration:
            return 0
        except BaseException as e:  # noqa: BLE001 - kept and raised again from sweep()
            self._raised = e
            return _ABORT
        # The pointer is into self._line, which stays alive until the library asks for the next line.
        line[0] = self._line
        length[0] = len(self._line)
        return 1

    # -- runs ----------------------------------------------------------------------------------------------------

    def run_file(self, host: int, path: bytes) -> Dict[str, Any]:
        """Sweeps the orders of a JSONL file."""
        return self._run(host, lambda sweep, out: self._lib.unstuck_sweep_run_file(sweep, path, out))

    def run_lines(self, host: int, lines: Iterator[bytes]) -> Dict[str, Any]:
        """Sweeps orders fed one line at a time from ``lines``."""
        self._lines = lines
        return self._run(host,
                         lambda sweep, out: self._lib.unstuck_sweep_run_lines(sweep, self._source_fn, None, out))

    def _run(self, host: int, run: Callable[[ctypes.c_void_p, Any], int]) -> Dict[str, Any]:
        sweep = ctypes.c_void_p()
        _capi.check(self._lib.unstuck_sweep_open(ctypes.byref(sweep), host, ctypes.byref(self.options)))
        out = ctypes.c_void_p()
        try:
            code = run(sweep, ctypes.byref(out))
            failure: Optional[Error] = _capi.last_error(code) if code != 0 else None
            summary = _capi.take_string(out)
        finally:
            self._lib.unstuck_sweep_close(sweep)
        if self._raised is not None:
            raise self._raised from failure
        if failure is not None:
            raise failure
        return json.loads(summary)
