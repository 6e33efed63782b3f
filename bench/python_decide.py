#!/usr/bin/env python3
"""Orders per second deciding through the Python package: one ``Host.decide`` at a time against ``Host.check``
in batches, and what a call through ctypes costs on top of the C API.

The orders are bench/generate_orders.py's (same seed, same shapes: 1 to 3 packages with carrier events, every
rule of the policy), or with --demo the demo's orders over and over (the 25 without a carrier document to
normalize), as bench/capi_bench.cpp decides them, held in memory as dicts. Each measure runs over the same orders, after one warm-up pass:

    empty call       unstuck_error_last_code() through ctypes: what crossing into the library costs at all
    raw decide       unstuck_decide through ctypes on JSON text already encoded; the answer is freed unread
    decide (text)    Host.decide on JSON text: the raw call plus the answer parsed into a dict
    decide (dict)    Host.decide on a dict: also json.dumps of the order
    check (dicts)    Host.check over the dicts, in batches of --batch: one unstuck_check_batch per batch
    raw check_batch  unstuck_check_batch through ctypes on JSONL already joined; the answer freed unread

    UNSTUCK_LIBRARY=build/release/lib/libunstuck.so.0 PYTHONPATH=python \\
        python3 bench/python_decide.py --count 50000 --rounds 3
"""

from __future__ import annotations

import argparse
import ctypes
import json
import random
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_orders  # noqa: E402

import unstuck  # noqa: E402
from unstuck import _capi  # noqa: E402


def measure(name: str, count: int, run: Callable[[], None], rounds: int) -> Dict[str, float]:
    """Runs ``run`` (which handles ``count`` orders) ``rounds`` times; the best round's wall and CPU time."""
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    result = {"orders_per_s": count / best_wall, "us_per_order": best_wall / count * 1e6,
              "cpu_us_per_order": best_cpu / count * 1e6}
    print(f"{name:<18} {result['orders_per_s']:>12,.0f} orders/s {result['us_per_order']:>8.2f} us/order "
          f"(CPU {result['cpu_us_per_order']:.2f} us)", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000, help="orders (default 50,000)")
    parser.add_argument("--batch", type=int, default=512, help="orders per check batch (default 512, as Host.check)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each measure; the best counts")
    parser.add_argument("--seed", type=int, default=20240718)
    parser.add_argument("--demo", action="store_true",
                        help="the demo's 26 orders over and over (as bench/capi_bench.cpp decides) instead")
    args = parser.parse_args()

    if args.demo:
        demo = (Path(__file__).resolve().parents[1] / "samples/demo/orders.jsonl").read_text().splitlines()
        demo = [line for line in demo if '"raw"' not in line]  # a carrier document needs its plugin loaded
        orders = [json.loads(demo[n % len(demo)]) for n in range(args.count)]
    else:
        rng = random.Random(args.seed)
        orders = [generate_orders.order(rng, n) for n in range(args.count)]
    texts = [json.dumps(o, separators=(",", ":")) for o in orders]
    encoded = [t.encode() for t in texts]
    jsonl_batches = [b"\n".join(encoded[i:i + args.batch]) + b"\n" for i in range(0, len(encoded), args.batch)]
    print(f"library {unstuck.library_path()} ({unstuck.library_version()}); {args.count:,} orders, "
          f"{sum(map(len, encoded)) / len(encoded):,.0f} bytes each on average; best of {args.rounds} rounds",
          flush=True)

    host = unstuck.Host({"plugin_dirs": [], "log": {"level": "warn"}})  # deciding needs no plugin
    lib = _capi.load()
    handle = host._live()
    out = ctypes.c_void_p()

    def empty_call() -> None:
        for _ in encoded:
            lib.unstuck_error_last_code()

    def raw_decide() -> None:
        for order in encoded:
            if lib.unstuck_decide(handle, order, ctypes.byref(out)) != 0:
                raise _capi.last_error(lib.unstuck_error_last_code())
            lib.unstuck_free(out)

    def raw_check() -> None:
        for batch in jsonl_batches:
            if lib.unstuck_check_batch(handle, batch, ctypes.byref(out)) != 0:
                raise _capi.last_error(lib.unstuck_error_last_code())
            lib.unstuck_free(out)

    def decide_text() -> None:
        for order in texts:
            host.decide(order)

    def decide_dict() -> None:
        for order in orders:
            host.decide(order)

    def check_dicts() -> None:
        for _ in host.check(orders, chunk=args.batch):
            pass

    raw_decide()  # warm-up: plugins created, caches filled
    results: Dict[str, Dict[str, float]] = {}
    for name, run in (("empty call", empty_call), ("raw decide", raw_decide), ("decide (text)", decide_text), ("decide (dict)", decide_dict),
                      ("check (dicts)", check_dicts), ("raw check_batch", raw_check)):
        results[name] = measure(name, args.count, run, args.rounds)
    host.close()

    per_order = {name: r["us_per_order"] for name, r in results.items()}
    print(f"through ctypes: {per_order['empty call']:.2f} us a call at all; the package adds "
          f"{per_order['decide (text)'] - per_order['raw decide']:.2f} us an order reading the decision's JSON and "
          f"{per_order['decide (dict)'] - per_order['decide (text)']:.2f} us writing the order's; one order in a "
          f"batch of {args.batch} costs {per_order['raw check_batch']:.2f} us in the library against "
          f"{per_order['raw decide']:.2f} us for a call of its own")
    print(f"check in batches / decide one at a time (dicts): "
          f"{results['check (dicts)']['orders_per_s'] / results['decide (dict)']['orders_per_s']:.2f} times")
    return 0


if __name__ == "__main__":
    sys.exit(main())
