"""The :class:`Host`: one ``unstuck_host`` handle and the calls made on it."""

from __future__ import annotations

import ctypes
import json
import os
import threading
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Union

from . import _capi
from .errors import ECLOSED, ClosedError
from .sweep import SweepRun, Now

#: A host config: a file's path, or the document itself.
Config = Union[str, "os.PathLike[str]", Mapping[str, Any]]
#: An order case: a dict, or its JSON text on one line.
Order = Union[Mapping[str, Any], str, bytes]
#: A string argument: text, or UTF-8 bytes handed over as they are.
Text = Union[str, bytes]

#: One encoder for every call: ``json.dumps`` with options builds a new one each time, which costs more than
#: the encoding of a small order.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

#: Orders handed to ``unstuck_check_batch`` at once by :meth:`Host.check`.
CHECK_CHUNK_ORDERS = 512
#: Bytes of orders handed to ``unstuck_check_batch`` at once, whichever limit comes first.
CHECK_CHUNK_BYTES = 4 << 20


def _text(value: Any, what: str) -> bytes:
    """``value`` as the UTF-8 bytes the library reads; bytes pass unchanged (the library checks them)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    raise TypeError(f"{what}: expected str or bytes, got {type(value).__name__}")


def _json(value: Any, what: str) -> bytes:
    """A dict (or list) as compact JSON text; text and bytes pass as they are."""
    if isinstance(value, (str, bytes)):
        return _text(value, what)
    if value is None:
        raise TypeError(f"{what}: expected a dict or JSON text, got None")
    return _ENCODER.encode(value).encode("utf-8", "surrogatepass")


def _line(order: Order, index: int) -> bytes:
    """One order as one JSON line; a text line with a line break in it is refused (it would be two). Blank
    text becomes ``null``, which the library refuses as no order case under its own line number, where a blank
    line would be skipped and every answer after it would shift."""
    line = _json(order, f"orders[{index}]")
    if b"\n" in line or b"\r" in line:
        raise ValueError(f"orders[{index}]: a line break inside one order's JSON text")
    return line if line.strip() else b"null"


class Host:
    """A loaded host: plugins, policy, store. Open it with a config file's path or a config dict, use it from
    any number of threads, and close it (or use it as a context manager)::

        with unstuck.Host("/etc/unstuck/unstuck.json") as host:
            print(host.decide(order)["action"])
    """

    def __init__(self, config: Config, *, base_dir: Optional[Union[str, "os.PathLike[str]"]] = None) -> None:
        """Opens a host. ``config`` is a path (``unstuck_host_open_file``) or a dict (``unstuck_host_open_json``,
        its relative paths resolved against ``base_dir``, default the working folder). Raises
        :class:`ConfigError`, :class:`JsonError` or :class:`NotFoundError` with the library's message."""
        self._lib = _capi.load()
        self._handle: Optional[int] = None
        self._lock = threading.Lock()
        handle = ctypes.c_void_p()
        if isinstance(config, Mapping):
            base = None if base_dir is None else _text(os.fspath(base_dir), "base_dir")
            code = self._lib.unstuck_host_open_json(ctypes.byref(handle), _json(dict(config), "config"), base)
        elif isinstance(config, (str, os.PathLike)):
            code = self._lib.unstuck_host_open_file(ctypes.byref(handle), _text(os.fspath(config), "config"))
        else:
            raise TypeError(f"config: expected a path or a dict, got {type(config).__name__}")
        _capi.check(code)
        self._handle = handle.value

    # -- life ---------------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Closes the host; calls in flight on other threads finish first. Closing again does nothing."""
        with self._lock:
            handle, self._handle = self._handle, None
        if handle is not None:
            _capi.check(self._lib.unstuck_host_close(handle))

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._handle is None

    def __enter__(self) -> "Host":
        """The host itself, closed when the ``with`` block ends."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Closes the host."""
        self.close()

    def __del__(self) -> None:
        """Closes a host nobody closed."""
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing can be reported from a finalizer
            pass

    def _live(self) -> int:
        """The handle, or :class:`ClosedError` once closed (a closed handle is never passed on: its address
        may belong to another host by now)."""
        handle = self._handle
        if handle is None:
            raise ClosedError(ECLOSED, "host: closed")
        return handle

    def _call_json(self, function: Callable[..., int], *args: Any) -> Any:
        """Calls ``function(handle, *args, &out)`` and gives the JSON it returned, parsed."""
        out = ctypes.c_void_p()
        _capi.check(function(self._live(), *args, ctypes.byref(out)))
        return json.loads(_capi.take_string(out))

    # -- calls --------------------------------------------------------------------------------------------------

    def plugins(self) -> List[Dict[str, Any]]:
        """Every plugin found: ``name``, ``kind``, ``version``, ``state`` (loaded or refused) and ``reason``."""
        return self._call_json(self._lib.unstuck_plugins)

    def detect(self, number: Text) -> List[Dict[str, Any]]:
        """The carriers that claim a tracking number: ``carrier``, ``service``, ``check_digit``."""
        return self._call_json(self._lib.unstuck_detect, _text(number, "number"))

    def normalize(self, carrier: Text, payload: Union[Text, Mapping[str, Any]],
                  context: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """A carrier's own tracking document (text or dict) as the canonical shipment, through the carrier's
        plugin. ``context`` may give ``tracking_number`` and ``order_created_at``."""
        ctx = None if context is None else _json(dict(context), "context")
        return self._call_json(self._lib.unstuck_normalize, _text(carrier, "carrier"), _json(payload, "payload"),
                               ctx)

    def decide(self, order: Order) -> Dict[str, Any]:
        """The policy's decision for one order case (dict or JSON text), as ``unstuck check`` prints it. Nothing
        is fetched, recorded or filed."""
        return self._call_json(self._lib.unstuck_decide, _json(order, "order"))

    def check(self, orders: Iterable[Order], *, chunk: int = CHECK_CHUNK_ORDERS) -> Iterator[Dict[str, Any]]:
        """Decides many orders through ``unstuck_check_batch``, ``chunk`` at a time, yielding one decision per
        order in input order as each chunk is done; memory holds one chunk, whatever the number of orders. An
        order that is no valid order case yields ``{"line": N, "error": "..."}`` (N counts from 1 over all
        orders) and the rest go on."""
        if chunk < 1:
            raise ValueError("chunk: must be at least 1")
        if isinstance(orders, (str, bytes, os.PathLike, Mapping)):
            raise TypeError("orders: expected an iterable of orders")
        lines: List[bytes] = []
        size = 0
        first = 1
        for index, order in enumerate(orders):
            line = _line(order, index)
            lines.append(line)
            size += len(line) + 1
            if len(lines) >= chunk or size >= CHECK_CHUNK_BYTES:
                yield from self._check_chunk(lines, first)
                first += len(lines)
                lines, size = [], 0
        if lines:
            yield from self._check_chunk(lines, first)

    def _check_chunk(self, lines: List[bytes], first: int) -> Iterator[Dict[str, Any]]:
        out = ctypes.c_void_p()
        _capi.check(self._lib.unstuck_check_batch(self._live(), b"\n".join(lines) + b"\n", ctypes.byref(out)))
        for text in _capi.take_string(out).splitlines():
            if not text:
                continue
            result = json.loads(text)
            if "error" in result and isinstance(result.get("line"), int):
                result["line"] += first - 1
            yield result

    def sweep(self, orders: Union[Iterable[Order], str, "os.PathLike[str]"], *, dry_run: bool = False,
              now: Now = None, concurrency: int = 0,
              progress: Optional[Callable[[Dict[str, Any]], Any]] = None,
              on_decision: Optional[Callable[[Dict[str, Any]], Any]] = None,
              log: Optional[Callable[[int, str], Any]] = None) -> Dict[str, Any]:
        """The main job: fetch, decide, record and file once, for every order; gives the summary
        (``decided``, ``filed``, ``already_filed``, ``would_file``, ``failed``, ``bad_lines``,
        ``filed_disputes``...).

        ``orders`` is a JSONL file's path or an iterable of order cases, fed to the library one line at a time.
        ``dry_run`` decides and counts without filing; ``now`` (RFC 3339 text or an aware datetime) decides at
        that instant; ``concurrency`` 0 keeps the config's. The callbacks run on this thread: ``progress(dict)``
        as the sweep goes, ``on_decision(dict)`` for each order's decision as recorded, ``log(level, line)``
        for each log line (level 0 trace to 5 critical); decisions are those recorded, so a dry run gives
        none. An exception raised by a callback or by the orders iterable stops the sweep (at the next line
        when it came from ``log``) and is raised from here, chained from the library's
        :class:`CallbackError`; what was filed before it stays filed, once.
        """
        run = SweepRun(self._lib, dry_run=dry_run, now=now, concurrency=concurrency, progress=progress,
                       on_decision=on_decision, log=log)
        if isinstance(orders, (str, os.PathLike)):
            return run.run_file(self._live(), _text(os.fspath(orders), "orders"))
        if isinstance(orders, (bytes, Mapping)):
            raise TypeError("orders: expected a path or an iterable of orders")
        return run.run_lines(self._live(), (_line(order, i) for i, order in enumerate(orders)))

    def disputes(self, order_id: Optional[str] = None, state: Optional[str] = None) -> List[Dict[str, Any]]:
        """The disputes in the case store (``key``, ``order_id``, ``backend``, ``remote_id``, ``state``...),
        all of them or those of one order and/or in one state (``FILED``, ``PENDING``, ``REJECTED``)."""
        filter_json = None
        if order_id is not None or state is not None:
            wanted = {}
            if order_id is not None:
                wanted["order_id"] = order_id
            if state is not None:
                wanted["state"] = state
            filter_json = _json(wanted, "filter")
        return self._call_json(self._lib.unstuck_disputes, filter_json)
