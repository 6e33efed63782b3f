"""Failures arrive as unstuck.Error subclasses carrying the C API's code and its one-line message."""

from __future__ import annotations

import ctypes
import json
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import unstuck
from unstuck import _capi, errors
from conftest import DEMO_NOW


def test_malformed_json_is_a_json_error(host: unstuck.Host) -> None:
    with pytest.raises(unstuck.JsonError) as raised:
        host.decide('{"order_id": "1", "packages": [')
    assert raised.value.code == errors.EJSON == -2
    assert raised.value.message
    assert str(raised.value) == raised.value.message
    assert isinstance(raised.value, unstuck.Error)


def test_a_missing_field_names_its_path(host: unstuck.Host, demo_orders: List[Dict[str, Any]]) -> None:
    order = json.loads(json.dumps(demo_orders[0]))
    del order["packages"][0]["tracking_number"]
    del order["packages"][0]["package_id"]
    with pytest.raises(unstuck.JsonError) as raised:
        host.decide(order)
    assert "packages[0]" in raised.value.message

    wrong_type = dict(demo_orders[0], region=7)
    with pytest.raises(unstuck.JsonError) as raised:
        host.decide(wrong_type)
    assert "region" in raised.value.message


def test_a_wrong_config_is_a_config_error_naming_the_key(config: Dict[str, Any]) -> None:
    config["no_such_section"] = {}
    with pytest.raises(unstuck.ConfigError) as raised:
        unstuck.Host(config)
    assert raised.value.code == errors.ECONFIG
    assert "no_such_section" in raised.value.message


def test_a_config_file_that_is_not_there_is_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(unstuck.NotFoundError) as raised:
        unstuck.Host(missing)
    assert raised.value.code == errors.ENOTFOUND
    assert str(missing) in raised.value.message


def test_malformed_config_text_is_a_json_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"log": ')
    with pytest.raises(unstuck.JsonError) as raised:
        unstuck.Host(path)
    assert str(path) in raised.value.message


def test_a_closed_host_raises_closed_error(config: Dict[str, Any]) -> None:
    host = unstuck.Host(config)
    host.close()
    for call in (host.plugins, lambda: host.detect("1Z023E2X0214323015"), lambda: host.decide({}),
                 lambda: list(host.check([{}])), lambda: host.sweep([]), host.disputes):
        with pytest.raises(unstuck.ClosedError) as raised:
            call()
        assert raised.value.code == errors.ECLOSED


def test_the_library_refuses_a_pointer_that_is_no_live_handle(config: Dict[str, Any]) -> None:
    lib = _capi.load()
    out = ctypes.c_void_p()
    bogus = ctypes.create_string_buffer(64)  # memory that was never a host
    assert lib.unstuck_plugins(ctypes.addressof(bogus), ctypes.byref(out)) == errors.ECLOSED
    assert lib.unstuck_error_last_code() == errors.ECLOSED
    assert lib.unstuck_error_last().decode()
    assert out.value is None

    # and a handle closed through the library stays refused by it
    handle = ctypes.c_void_p()
    assert lib.unstuck_host_open_json(ctypes.byref(handle), json.dumps(config).encode(), None) == 0
    assert lib.unstuck_host_close(handle) == 0
    assert lib.unstuck_host_close(handle) == errors.ECLOSED
    assert lib.unstuck_decide(handle, b"{}", ctypes.byref(out)) == errors.ECLOSED


def test_invalid_utf8_is_an_invalid_argument(host: unstuck.Host) -> None:
    with pytest.raises(unstuck.InvalidArgumentError) as raised:
        host.detect(b"1Z\xff\xfe")
    assert raised.value.code == errors.EINVALID
    assert "UTF-8" in raised.value.message or "utf-8" in raised.value.message.lower()
    with pytest.raises(unstuck.InvalidArgumentError):
        host.decide(b'{"order_id": "\xc3"}')
    with pytest.raises(unstuck.InvalidArgumentError):
        host.detect("lone surrogate \udc80")  # str that is no valid UTF-8 reaches the library as such


def test_none_where_a_string_is_needed(host: unstuck.Host) -> None:
    with pytest.raises(TypeError):
        host.detect(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        host.decide(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        host.normalize(None, "{}")  # type: ignore[arg-type]
    # below the package, the library itself refuses a null pointer
    lib = _capi.load()
    out = ctypes.c_void_p()
    assert lib.unstuck_detect(host._live(), None, ctypes.byref(out)) == errors.EINVALID
    assert lib.unstuck_error_last_code() == errors.EINVALID
    assert lib.unstuck_error_last().decode()


def test_an_unknown_carrier_is_not_found(host: unstuck.Host) -> None:
    with pytest.raises(unstuck.NotFoundError) as raised:
        host.normalize("no-such-carrier", "{}")
    assert "no-such-carrier" in raised.value.message


def test_a_bad_now_is_refused_before_anything_is_swept(host: unstuck.Host,
                                                         demo_orders: List[Dict[str, Any]]) -> None:
    with pytest.raises(unstuck.InvalidArgumentError) as raised:
        host.sweep(demo_orders, now="yesterday")
    assert "now" in raised.value.message
    assert host.disputes() == []


def test_a_progress_callback_that_raises_stops_the_sweep_and_surfaces(
        host: unstuck.Host, demo_orders: List[Dict[str, Any]]) -> None:
    calls = []

    def progress(p: Dict[str, Any]) -> None:
        calls.append(p)
        raise KeyError("the ERP's own failure")

    def many() -> Iterator[Dict[str, Any]]:
        # 1,040 orders handed over over at least half a second: progress is reported every 100 ms
        for i in range(40):
            for o in demo_orders:
                time.sleep(0.0005)
                yield dict(o, order_id=f"{o['order_id']}-{i}")

    with pytest.raises(KeyError) as raised:
        host.sweep(many(), now=DEMO_NOW, progress=progress)
    assert raised.value.args == ("the ERP's own failure",)
    cause = raised.value.__cause__
    assert isinstance(cause, unstuck.CallbackError)
    assert cause.code == errors.ECALLBACK
    assert len(calls) == 1  # stopped at the first: never called again
    # stopped: far fewer than the 1,040 orders were recorded, so far fewer than their 400 disputes filed
    assert len(host.disputes()) < 400


def test_a_decision_callback_and_an_orders_iterable_that_raise_surface_too(
        host: unstuck.Host, demo_orders: List[Dict[str, Any]]) -> None:
    def on_decision(_d: Dict[str, Any]) -> None:
        raise RuntimeError("decision refused")

    with pytest.raises(RuntimeError, match="decision refused") as raised:
        host.sweep(demo_orders, now=DEMO_NOW, on_decision=on_decision)
    assert isinstance(raised.value.__cause__, unstuck.CallbackError)

    def orders():
        yield demo_orders[0]
        raise ValueError("the ERP's cursor broke")

    with pytest.raises(ValueError, match="cursor broke") as raised:
        host.sweep(orders(), now=DEMO_NOW, dry_run=True)
    assert isinstance(raised.value.__cause__, unstuck.CallbackError)


def test_a_log_callback_that_raises_stops_the_sweep_and_surfaces(config: Dict[str, Any],
                                                                 demo_orders: List[Dict[str, Any]]) -> None:
    config["log"] = {"level": "info"}
    calls = []

    def log(level: int, line: str) -> None:
        calls.append(line)
        raise RuntimeError("log sink full")

    with unstuck.Host(config) as host:
        with pytest.raises(RuntimeError, match="log sink full"):
            host.sweep(demo_orders, now=DEMO_NOW, log=log)
        assert len(calls) == 1  # not called again once it raised
        stopped_at = len(host.disputes())
        # what the stopped run filed stays filed once; the next run files the rest
        summary = host.sweep(demo_orders, now=DEMO_NOW)
        assert summary["filed"] == 10 - stopped_at
        assert summary["already_filed"] == stopped_at
        assert len(host.disputes()) == 10
