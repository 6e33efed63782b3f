"""samples/erp run twice on the demo: the first run files the demo's disputes and writes every decision back to
the ERP's table; the second sweeps the orders still open and files nothing new."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import SOURCE_DIR

SCRIPT = SOURCE_DIR / "samples" / "erp" / "erp_sweep.py"


def run(state: Path) -> str:
    done = subprocess.run([sys.executable, str(SCRIPT), "--state", str(state)], env=dict(os.environ),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_erp_sample_files_once_and_writes_decisions_back(tmp_path: Path) -> None:
    first = run(tmp_path)
    assert "26 orders seeded" in first
    m = re.search(r"erp: 26 decided, (\d+) filed, 0 already filed.*; (\d+) orders still open", first)
    assert m, first
    filed, still_open = int(m.group(1)), int(m.group(2))
    assert filed == 10

    db = sqlite3.connect(tmp_path / "erp.db")
    rows = db.execute("SELECT order_id, action, rule, next_check_at, dispute_ids, closed FROM orders").fetchall()
    assert len(rows) == 26
    assert all(action and rule for _, action, rule, _, _, _ in rows)
    filing = [r for r in rows if r[1] == "FILE_DISPUTE"]
    assert len(filing) >= 1
    ids = [i for r in filing for i in json.loads(r[4])]
    assert len(ids) == 10 and len(set(ids)) == 10
    assert all(r[5] == 1 for r in rows if r[1] == "NONE")
    assert any(r[3] for r in rows if r[1] == "WAIT"), "a WAIT decision gives its next check"
    assert sum(1 for r in rows if not r[5]) == still_open < 26
    outbox = tmp_path / "outbox"
    packets = sorted(p.name for p in outbox.iterdir())
    db.close()

    second = run(tmp_path)
    assert "seeded" not in second
    assert re.search(rf"erp: {still_open} decided, 0 filed, 10 already filed", second), second
    assert sorted(p.name for p in outbox.iterdir()) == packets
    db = sqlite3.connect(tmp_path / "erp.db")
    # the filed orders now await the helpdesk's answer; each keeps the ids of its disputes
    again = db.execute("SELECT action, dispute_ids FROM orders WHERE dispute_ids != '[]'").fetchall()
    assert sorted(i for _, listed in again for i in json.loads(listed)) == sorted(ids)
    assert {action for action, _ in again} == {"AWAIT_TICKET"}
    db.close()
