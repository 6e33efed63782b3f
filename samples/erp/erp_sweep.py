#!/usr/bin/env python3
"""Stands in for an ERP that keeps its orders in a SQLite table and hands the open ones to unstuck.

Each run sweeps every order not yet closed through ``unstuck.Host.sweep`` (fetch, decide, record, file each
dispute once), writes each order's decision (action, rule, next check) and the ids of its disputes back to the
table, and closes the orders the policy has nothing more to do for. A second run over the same orders files
nothing new: the case store remembers every dispute.

    python3 samples/erp/erp_sweep.py --state /tmp/erp          # the demo orders, decided at the demo's instant

The table is seeded from ``samples/demo/orders.jsonl`` on the first run; the host config is the demo's
(every carrier through ``replay``, every dispute to the ``outbox``) with every path made absolute.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

try:
    import unstuck
except ImportError:  # run from a source tree: the package beside the samples
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
    import unstuck

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    order_id      TEXT PRIMARY KEY,
    body          TEXT NOT NULL,              -- the order case handed to unstuck (JSON)
    closed        INTEGER NOT NULL DEFAULT 0, -- 1: nothing more to do for this order
    action        TEXT,                       -- the last decision: NONE, WAIT, FILE_DISPUTE, ...
    rule          TEXT,                       -- the policy rule that decided it
    next_check_at TEXT,                       -- when to look again (WAIT), RFC 3339
    dispute_ids   TEXT                        -- JSON array of the disputes' ids in the helpdesk
)
"""


def seed(db: sqlite3.Connection, demo: Path) -> int:
    """Fills an empty table with the demo's orders, their evidence files named by absolute path."""
    if db.execute("SELECT COUNT(*) FROM orders").fetchone()[0]:
        return 0
    rows = []
    for line in (demo / "orders.jsonl").read_text().splitlines():
        order = json.loads(line)
        receipt = order.get("buyer_confirmed_receipt")
        if receipt:
            receipt["evidence"] = [str(demo / name) for name in receipt.get("evidence", [])]
        rows.append((order["order_id"], json.dumps(order)))
    db.executemany("INSERT INTO orders (order_id, body) VALUES (?, ?)", rows)
    db.commit()
    return len(rows)


def host_config(demo: Path, state: Path, plugin_dir: Path) -> Dict[str, Any]:
    """The demo's config (samples/demo/unstuck.json) with every path absolute and the state in ``state``."""
    return {
        "plugin_dirs": [str(plugin_dir)],
        "store": {"sqlite": str(state / "unstuck.db")},
        "sweep": {
            "concurrency": 4,
            "evidence_dir": str(state / "evidence"),
            "evidence_roots": [str(demo)],
            "carrier_plugins": {"ups": "replay", "fedex": "replay", "usps": "replay", "dhl": "replay"},
            "detect": ["ups", "fedex", "usps", "dhl"],
        },
        "routes": [{"marketplace": "tiktok-shop", "backend": "outbox"}],
        "plugins": {"replay": {"dir": str(demo / "responses")}, "outbox": {"dir": str(state / "outbox")}},
        "log": {"level": "warn"},
    }


def open_orders(db: sqlite3.Connection) -> Iterator[str]:
    """The orders not yet closed, read as the sweep asks for them."""
    for (body,) in db.execute("SELECT body FROM orders WHERE closed = 0 ORDER BY order_id"):
        yield body


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, default=Path("erp-state"),
                        help="folder of the ERP table (erp.db), the case store, evidence and outbox")
    parser.add_argument("--demo", type=Path, default=DEMO_DIR, help="the demo folder (orders, responses)")
    parser.add_argument("--now", default="2024-07-16T20:00:00Z", help="the instant to decide at (RFC 3339)")
    parser.add_argument("--plugin-dir", type=Path, help="default: unstuck/plugins beside the library")
    parser.add_argument("--dry-run", action="store_true", help="decide and report, file nothing")
    args = parser.parse_args(argv)

    state = args.state.resolve()
    demo = args.demo.resolve()
    state.mkdir(parents=True, exist_ok=True)
    plugin_dir = args.plugin_dir or Path(unstuck.library_path()).resolve().parent / "unstuck" / "plugins"

    db = sqlite3.connect(state / "erp.db")
    db.executescript(SCHEMA)
    seeded = seed(db, demo)
    if seeded:
        print(f"erp: {seeded} orders seeded from {demo / 'orders.jsonl'}")

    decisions: Dict[str, Dict[str, Any]] = {}
    try:
        with unstuck.Host(host_config(demo, state, plugin_dir.resolve())) as host:
            # The table is read while the sweep runs; the answers are written back once it is done.
            summary = host.sweep(open_orders(db), now=args.now, dry_run=args.dry_run,
                                 on_decision=lambda d: decisions.__setitem__(d["order_id"], d))
            disputes: Dict[str, List[str]] = {}
            for dispute in host.disputes():
                disputes.setdefault(dispute["order_id"], []).append(dispute["remote_id"] or dispute["key"])
    except unstuck.Error as e:
        print(f"erp: {e}", file=sys.stderr)
        return 2 if isinstance(e, (unstuck.ConfigError, unstuck.JsonError, unstuck.InvalidArgumentError)) else 1

    with db:
        for order_id, decision in decisions.items():
            db.execute(
                "UPDATE orders SET action = ?, rule = ?, next_check_at = ?, dispute_ids = ?, closed = ?"
                " WHERE order_id = ?",
                (decision.get("action"), decision.get("rule"), decision.get("next_check_at"),
                 json.dumps(disputes.get(order_id, [])),
                 1 if decision.get("action") == "NONE" and not args.dry_run else 0, order_id))
    still_open = db.execute("SELECT COUNT(*) FROM orders WHERE closed = 0").fetchone()[0]
    db.close()

    print(f"erp: {summary['decided']} decided, {summary['filed']} filed, {summary['already_filed']} already filed,"
          f" {summary.get('would_file', 0)} would file; {still_open} orders still open")
    for error in summary.get("errors", []):
        print(f"erp: {error}", file=sys.stderr)
    return 0 if not summary.get("failed") and not summary.get("bad_lines") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
