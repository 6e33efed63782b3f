"""unstuck for Python: the C API (``libunstuck.so.0``) through ctypes, standard library only.

    import unstuck

    with unstuck.Host("/etc/unstuck/unstuck.json") as host:
        decision = host.decide({"order_id": "1", "region": "US", ...})
        summary = host.sweep(open_orders(), now="2024-07-16T20:00:00Z")

The library is found through ``UNSTUCK_LIBRARY`` (its path), else in the prefix this package is installed
under, else by the system's search. Every failure raises an :class:`Error` subclass carrying the C API's code and
its one-line message.
"""

from __future__ import annotations

from . import _capi
from .errors import (
    CallbackError,
    ClosedError,
    ConfigError,
    Error,
    FileError,
    InternalError,
    InvalidArgumentError,
    JsonError,
    NotFoundError,
    PluginError,
    StoreError,
)
from .host import Host

__all__ = [
    "CallbackError",
    "ClosedError",
    "ConfigError",
    "Error",
    "FileError",
    "Host",
    "InternalError",
    "InvalidArgumentError",
    "JsonError",
    "NotFoundError",
    "PluginError",
    "StoreError",
    "library_path",
    "library_version",
]

#: This package's version: the C API version it binds.
__version__ = "0.2.0"


def library_version() -> str:
    """The loaded library's version (``unstuck_version()``), e.g. ``"0.2.0"``."""
    return _capi.load().unstuck_version().decode()


def library_path() -> str:
    """The file the library was loaded from; its plugins are in ``unstuck/plugins`` beside it when installed."""
    return _capi.path()
