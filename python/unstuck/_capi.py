"""The ctypes binding of the C API (``unstuck.h``): the library found and loaded once, every function's
prototype, the callback types and the sweep options structure. Nothing here is public; :mod:`unstuck` wraps it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sysconfig
import threading
from pathlib import Path
from typing import List, Optional

from .errors import OK, Error, error_for

#: The C API's major and minor version this binding is written against; the library's may be newer in minor.
ABI_MAJOR = 0
ABI_MINOR = 2
#: The library's file name (its SONAME).
SONAME = "libunstuck.so.0"

c_char_pp = ctypes.POINTER(ctypes.c_char_p)
c_void_pp = ctypes.POINTER(ctypes.c_void_p)

LineSource = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, c_char_pp, ctypes.POINTER(ctypes.c_size_t))
ProgressFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p)
DecisionFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p)
LogFn = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p)


class SweepOptions(ctypes.Structure):
    """``unstuck_sweep_options``: fields are only ever appended, so this prefix stays valid."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("dry_run", ctypes.c_int),
        ("concurrency", ctypes.c_int),
        ("now", ctypes.c_char_p),
        ("progress", ProgressFn),
        ("progress_ctx", ctypes.c_void_p),
        ("decision", DecisionFn),
        ("decision_ctx", ctypes.c_void_p),
        ("log", LogFn),
        ("log_ctx", ctypes.c_void_p),
    ]


def candidates() -> List[str]:
    """Where the library is looked for, in order: ``UNSTUCK_LIBRARY``, the prefix this package is installed
    under (``<prefix>/lib/python3/dist-packages/unstuck`` gives ``<prefix>/lib``), then the system's search."""
    found: List[str] = []
    env = os.environ.get("UNSTUCK_LIBRARY")
    if env:
        return [env]
    prefix = Path(__file__).resolve().parent.parent.parent.parent.parent
    libdirs = ["lib", "lib64"]
    multiarch = sysconfig.get_config_var("MULTIARCH")
    if multiarch:
        libdirs.append(f"lib/{multiarch}")
    for libdir in libdirs:
        path = prefix / libdir / SONAME
        if path.exists():
            found.append(str(path))
    system = ctypes.util.find_library("unstuck")
    if system:
        found.append(system)
    return found


def _declare(lib: ctypes.CDLL) -> None:
    """Gives every function its prototype, so ctypes checks arguments and never guesses an int."""
    host, sweep, out = ctypes.c_void_p, ctypes.c_void_p, c_void_pp
    s = ctypes.c_char_p
    protos = {
        "unstuck_version": (ctypes.c_char_p, []),
        "unstuck_error_last": (ctypes.c_char_p, []),
        "unstuck_error_last_code": (ctypes.c_int, []),
        "unstuck_free": (None, [ctypes.c_void_p]),
        "unstuck_host_open_file": (ctypes.c_int, [c_void_pp, s]),
        "unstuck_host_open_json": (ctypes.c_int, [c_void_pp, s, s]),
        "unstuck_host_close": (ctypes.c_int, [host]),
        "unstuck_plugins": (ctypes.c_int, [host, out]),
        "unstuck_detect": (ctypes.c_int, [host, s, out]),
        "unstuck_normalize": (ctypes.c_int, [host, s, s, s, out]),
        "unstuck_decide": (ctypes.c_int, [host, s, out]),
        "unstuck_check_batch": (ctypes.c_int, [host, s, out]),
        "unstuck_disputes": (ctypes.c_int, [host, s, out]),
        "unstuck_sweep_options_init": (ctypes.c_int, [ctypes.POINTER(SweepOptions), ctypes.c_size_t]),
        "unstuck_sweep_open": (ctypes.c_int, [c_void_pp, host, ctypes.POINTER(SweepOptions)]),
        "unstuck_sweep_run_file": (ctypes.c_int, [sweep, s, out]),
        "unstuck_sweep_run_lines": (ctypes.c_int, [sweep, LineSource, ctypes.c_void_p, out]),
        "unstuck_sweep_close": (ctypes.c_int, [sweep]),
    }
    for name, (restype, argtypes) in protos.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None
_path: Optional[str] = None


def load() -> ctypes.CDLL:
    """The library, loaded on first use; :class:`ImportError` naming every place looked at when none fits."""
    global _lib, _path
    with _lock:
        if _lib is not None:
            return _lib
        tried = candidates()
        problems = []
        for path in tried:
            try:
                lib = ctypes.CDLL(path)
                _declare(lib)
            except (OSError, AttributeError) as e:
                problems.append(f"{path}: {e}")
                continue
            version = lib.unstuck_version().decode()
            major, minor = (int(p) for p in version.split(".")[:2])
            if major != ABI_MAJOR or minor < ABI_MINOR:
                problems.append(f"{path}: version {version}, this package needs {ABI_MAJOR}.{ABI_MINOR} or newer")
                continue
            _lib, _path = lib, path
            return lib
        if not tried:
            problems.append(f"no {SONAME}: set UNSTUCK_LIBRARY to its path")
        raise ImportError("unstuck: cannot load the C library: " + "; ".join(problems))


def path() -> str:
    """The file the library was loaded from."""
    load()
    assert _path is not None
    return _path


def last_error(code: int) -> Error:
    """The exception for a call that returned ``code``, with this thread's last error message."""
    lib = load()
    message = (lib.unstuck_error_last() or b"").decode("utf-8", "replace")
    return error_for(code, message)


def check(code: int) -> None:
    """Raises the exception for ``code`` unless it is ``UNSTUCK_OK``."""
    if code != OK:
        raise last_error(code)


def take_string(pointer: ctypes.c_void_p) -> str:
    """The UTF-8 text the library returned at ``pointer``, freed with ``unstuck_free``."""
    if not pointer.value:
        return ""
    try:
        return ctypes.string_at(pointer.value).decode("utf-8")
    finally:
        load().unstuck_free(pointer)
