"""Fixtures shared by the Python package's tests: an installed prefix (from UNSTUCK_TEST_PREFIX, else the debug
build tree), the demo data, a host config with a store of its own in the test's temporary folder."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import unstuck

SOURCE_DIR = Path(os.environ.get("UNSTUCK_SOURCE_DIR", Path(__file__).resolve().parents[2]))
DEMO_DIR = SOURCE_DIR / "samples" / "demo"
sys.path.insert(0, str(SOURCE_DIR / "samples" / "erp"))
import erp_sweep  # noqa: E402  (the ERP sample's config is the demo's, made absolute)

#: The instant the demo's decisions are pinned to.
DEMO_NOW = "2024-07-16T20:00:00Z"


def plugin_dir() -> Path:
    """The installed plugins: beside the library the package loaded."""
    return Path(unstuck.library_path()).resolve().parent / "unstuck" / "plugins"


@pytest.fixture(scope="session")
def demo_orders() -> List[Dict[str, Any]]:
    """The demo's 26 order cases, their evidence file names made absolute."""
    orders = []
    for line in (DEMO_DIR / "orders.jsonl").read_text().splitlines():
        order = json.loads(line)
        receipt = order.get("buyer_confirmed_receipt")
        if receipt:
            receipt["evidence"] = [str(DEMO_DIR / name) for name in receipt.get("evidence", [])]
        orders.append(order)
    return orders


@pytest.fixture
def config(tmp_path: Path) -> Dict[str, Any]:
    """The demo's host config, every path absolute, its store, evidence and outbox in ``tmp_path``."""
    return erp_sweep.host_config(DEMO_DIR, tmp_path, plugin_dir())


@pytest.fixture
def host(config: Dict[str, Any]) -> Iterator[unstuck.Host]:
    """A host opened on :func:`config`, closed after the test."""
    with unstuck.Host(config) as h:
        yield h
