"""The exceptions the C API's error codes become: one class per code, all of them :class:`Error`."""

from __future__ import annotations

from typing import Dict, Type

OK = 0
EINVALID = -1
EJSON = -2
ECONFIG = -3
ENOTFOUND = -4
ECLOSED = -5
EPLUGIN = -6
ESTORE = -7
ECALLBACK = -8
EIO = -9
EINTERNAL = -10


class Error(Exception):
    """A call into the library failed: ``code`` is the C API's error code, ``message`` its one line."""

    code: int
    message: str

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message or f"unstuck error {self.code}"


class InvalidArgumentError(Error, ValueError):
    """``UNSTUCK_EINVALID``: a bad argument (invalid UTF-8, a bad option, a busy sweep)."""


class JsonError(Error, ValueError):
    """``UNSTUCK_EJSON``: malformed JSON, or a field missing or of the wrong type; the message names the path."""


class ConfigError(Error):
    """``UNSTUCK_ECONFIG``: the host config is unreadable or wrong."""


class NotFoundError(Error, LookupError):
    """``UNSTUCK_ENOTFOUND``: no such plugin, file or order."""


class ClosedError(Error):
    """``UNSTUCK_ECLOSED``: the host or sweep was closed."""


class PluginError(Error):
    """``UNSTUCK_EPLUGIN``: a plugin refused or failed."""


class StoreError(Error):
    """``UNSTUCK_ESTORE``: the case store failed."""


class CallbackError(Error):
    """``UNSTUCK_ECALLBACK``: a callback asked to stop; the callback's own exception is raised from it."""


class FileError(Error, OSError):
    """``UNSTUCK_EIO``: a file could not be read or written."""


class InternalError(Error):
    """``UNSTUCK_EINTERNAL``: anything else; a defect of the library."""


_BY_CODE: Dict[int, Type[Error]] = {
    EINVALID: InvalidArgumentError,
    EJSON: JsonError,
    ECONFIG: ConfigError,
    ENOTFOUND: NotFoundError,
    ECLOSED: ClosedError,
    EPLUGIN: PluginError,
    ESTORE: StoreError,
    ECALLBACK: CallbackError,
    EIO: FileError,
    EINTERNAL: InternalError,
}


def error_for(code: int, message: str) -> Error:
    """The exception for ``code`` (an unknown code gives a plain :class:`Error`)."""
    return _BY_CODE.get(code, Error)(code, message)
