"""Each method of unstuck.Host on its happy path, through the installed library and plugins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

import unstuck
from conftest import DEMO_DIR, DEMO_NOW


def test_the_library_is_the_one_of_the_prefix_and_speaks_0_2() -> None:
    assert unstuck.library_version().split(".")[:2] == ["0", "2"]
    assert Path(unstuck.library_path()).name == "libunstuck.so.0"


@pytest.mark.skipif("UNSTUCK_TEST_PREFIX" not in os.environ, reason="needs the installed prefix")
def test_without_unstuck_library_the_package_loads_the_library_of_its_prefix() -> None:
    prefix = Path(os.environ["UNSTUCK_TEST_PREFIX"])
    env = {k: v for k, v in os.environ.items() if k != "UNSTUCK_LIBRARY"}
    done = subprocess.run([sys.executable, "-c", "import unstuck; print(unstuck.library_path())"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == prefix / "lib" / "libunstuck.so.0"


def test_a_host_opens_from_a_dict_and_from_a_file(config: Dict[str, Any], tmp_path: Path) -> None:
    with unstuck.Host(config) as from_dict:
        assert not from_dict.closed
    assert from_dict.closed
    path = tmp_path / "unstuck.json"
    path.write_text(json.dumps(config))
    host = unstuck.Host(path)
    try:
        assert {p["name"] for p in host.plugins()} >= {"replay", "outbox"}
    finally:
        host.close()
    host.close()  # closing again does nothing


def test_relative_paths_of_a_dict_resolve_against_base_dir(config: Dict[str, Any]) -> None:
    config["plugins"]["replay"]["dir"] = "responses"
    with unstuck.Host(config, base_dir=DEMO_DIR) as host:
        assert host.plugins()


def test_plugins_lists_the_installed_carriers_and_backends(host: unstuck.Host) -> None:
    plugins = {p["name"]: p for p in host.plugins()}
    for name in ("ups", "fedex", "usps", "dhl", "replay", "outbox"):
        assert plugins[name]["state"] == "loaded", plugins[name]
    assert plugins["ups"]["kind"] == "carrier"
    assert plugins["outbox"]["kind"] == "ticketing"


def test_detect_names_the_carrier_and_the_check_digit(host: unstuck.Host) -> None:
    claims = host.detect("1Z023E2X0214323015")
    assert {"carrier": "ups", "service": "1Z", "check_digit": "valid"} in [
        {k: c[k] for k in ("carrier", "service", "check_digit")} for c in claims]
    assert host.detect("not a tracking number") == []


def test_normalize_turns_a_saved_ups_response_into_the_canonical_shipment(host: unstuck.Host) -> None:
    saved = json.loads((DEMO_DIR / "responses" / "1Z023E2X0214323015.json").read_text())
    shipment = host.normalize("ups", saved["response"], {"tracking_number": "1Z023E2X0214323015"})
    assert shipment["tracking_number"] == "1Z023E2X0214323015"
    assert shipment["events"], shipment
    # text gives the same as the dict
    assert host.normalize("ups", json.dumps(saved["response"]),
                          {"tracking_number": "1Z023E2X0214323015"}) == shipment


def test_decide_gives_the_decision_check_prints(host: unstuck.Host, demo_orders: List[Dict[str, Any]]) -> None:
    settled = dict(demo_orders[0], now=DEMO_NOW)
    decision = host.decide(settled)
    assert decision["order_id"] == settled["order_id"]
    assert decision["action"] == "NONE"
    assert decision["rule"] == "platform.settled"
    # the order as JSON text decides the same
    assert host.decide(json.dumps(settled)) == decision


def test_sweep_files_each_dispute_once_and_disputes_lists_them(host: unstuck.Host, tmp_path: Path,
                                                               demo_orders: List[Dict[str, Any]]) -> None:
    first = host.sweep(demo_orders, now=DEMO_NOW)
    assert first["decided"] == 26
    assert first["filed"] == 10
    assert first["already_filed"] == 0
    filed = host.disputes()
    assert len(filed) == 10
    assert all(d["state"] == "FILED" and d["backend"] == "outbox" for d in filed)
    assert {d["key"] for d in first["filed_disputes"]} == {d["key"] for d in filed}

    one = filed[0]
    assert [d["key"] for d in host.disputes(order_id=one["order_id"])] == [
        d["key"] for d in filed if d["order_id"] == one["order_id"]]
    assert host.disputes(state="PENDING") == []

    again = host.sweep(demo_orders, now=DEMO_NOW)
    assert again["decided"] == 26
    assert again["filed"] == 0
    assert again["already_filed"] == 10
    assert len(host.disputes()) == 10


def test_sweep_reads_a_jsonl_file_and_a_dry_run_files_nothing(host: unstuck.Host, tmp_path: Path,
                                                              demo_orders: List[Dict[str, Any]]) -> None:
    orders = tmp_path / "orders.jsonl"
    orders.write_text("".join(json.dumps(o) + "\n" for o in demo_orders))
    summary = host.sweep(orders, now=DEMO_NOW, dry_run=True)
    assert summary["decided"] == 26
    assert summary["filed"] == 0
    assert summary["would_file"] == 10
    assert host.disputes() == []
    assert not (tmp_path / "outbox").exists() or not any((tmp_path / "outbox").iterdir())


def test_sweep_hands_each_decision_and_its_progress_to_python(host: unstuck.Host,
                                                                demo_orders: List[Dict[str, Any]]) -> None:
    decisions: List[Dict[str, Any]] = []
    progress: List[Dict[str, Any]] = []
    bad = [dict(demo_orders[1], order_id=None)]  # one bad order: counted and named, the rest go on
    summary = host.sweep(demo_orders + bad, now=DEMO_NOW, on_decision=decisions.append, progress=progress.append)
    assert summary["decided"] == 26
    assert summary["bad_lines"] == 1
    assert summary["errors"] == ["line 27: order_id: missing"]
    assert sorted(d["order_id"] for d in decisions) == sorted(o["order_id"] for o in demo_orders)
    by_order = {d["order_id"]: d for d in decisions}
    assert by_order[demo_orders[0]["order_id"]]["action"] == "NONE"
    assert sum(1 for d in decisions if d["action"] == "FILE_DISPUTE") == summary["by_action"]["FILE_DISPUTE"]
    assert progress and progress[-1]["lines"] == 27


def test_sweep_hands_the_log_lines_to_python(config: Dict[str, Any], demo_orders: List[Dict[str, Any]]) -> None:
    config["log"] = {"level": "info"}
    logs: List[Any] = []
    with unstuck.Host(config) as host:
        summary = host.sweep(demo_orders, now=DEMO_NOW, log=lambda level, line: logs.append((level, line)))
    written = [line for level, line in logs if level == 2 and "[plugin.outbox]" in line]
    assert len(written) == summary["filed"] == 10
    assert all(0 <= level <= 5 and isinstance(line, str) and line for level, line in logs)
