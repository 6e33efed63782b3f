#!/usr/bin/env python3
"""Writes N orders for `unstuck sweep` with the replay carrier, for measuring sweeps (docs/performance.md).

Each order is a copy of one of the demo's orders (samples/demo/orders.jsonl, decided at 2024-07-16T20:00:00Z) under
its own order id, and each of its packages gets a tracking number of its own from a pool of saved responses: the
demo's UPS, FedEx, USPS and DHL responses, copied under new numbers. The mix is weighted towards what a real
shop sees (most orders wait or are settled; about one in ten files a dispute). The output depends only on the
arguments.

    python3 bench/generate_sweep_orders.py --count 1000000 --out /tmp/sweep-bench
    # writes /tmp/sweep-bench/orders.jsonl, responses/ (the pool), files/ and unstuck.json; then, from there:
    cd /tmp/sweep-bench && unstuck --config unstuck.json sweep --orders orders.jsonl --now 2024-07-16T20:00:00Z
"""

import argparse
import json
import os
import random
import shutil

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "demo")
NOW = "2024-07-16T20:00:00Z"


def load_demo():
    orders = []
    with open(os.path.join(DEMO, "orders.jsonl")) as f:
        for line in f:
            orders.append(json.loads(line))
    responses = {}
    folder = os.path.join(DEMO, "responses")
    for name in os.listdir(folder):
        with open(os.path.join(folder, name)) as f:
            responses[name[:-len(".json")]] = f.read()
    return orders, responses


def files_a_dispute(order_id):
    # The demo orders whose first decision is FILE_DISPUTE (samples/demo/README.md).
    return order_id.endswith(("0003", "0004", "086481", "0010", "0021", "0022", "0023", "0024", "0026"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True, help="orders to write")
    parser.add_argument("--out", required=True, help="folder to write into (created)")
    parser.add_argument("--pool", type=int, default=200, help="saved responses per demo response (default 200)")
    parser.add_argument("--filing", type=float, default=0.1, help="share of orders that file a dispute (0.1)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    templates, responses = load_demo()
    filing = [o for o in templates if files_a_dispute(o["order_id"])]
    other = [o for o in templates if not files_a_dispute(o["order_id"])]

    os.makedirs(args.out, exist_ok=True)
    pool_dir = os.path.join(args.out, "responses")
    shutil.rmtree(pool_dir, ignore_errors=True)
    os.makedirs(pool_dir)
    for number, text in responses.items():
        for k in range(args.pool):
            copy = number + "K" + str(k)
            with open(os.path.join(pool_dir, copy + ".json"), "w") as f:
                f.write(text.replace(number, copy))
    shutil.copytree(os.path.join(DEMO, "files"), os.path.join(args.out, "files"), dirs_exist_ok=True)

    carrier_of = {n: json.loads(t)["carrier"] for n, t in responses.items()}
    with open(os.path.join(args.out, "orders.jsonl"), "w") as out:
        for i in range(args.count):
            template = rng.choice(filing) if rng.random() < args.filing else rng.choice(other)
            order = json.loads(json.dumps(template))
            order["order_id"] = "%s%08d" % (template["order_id"][:8], i)
            for j, p in enumerate(order["packages"]):
                number = p.get("tracking_number")
                if "raw" in p or number not in responses:
                    continue  # inline documents and numbers the carrier does not know stay as they are
                p["tracking_number"] = number + "K" + str(rng.randrange(args.pool))
                p["carrier"] = carrier_of[number]
                p["package_id"] = "%s%02d%08d" % (p["package_id"][:6], j, i)
            out.write(json.dumps(order, separators=(",", ":")) + "\n")

    config = {
        "store": {"sqlite": "state/unstuck.db"},
        "sweep": {"evidence_dir": "state/evidence",
                  "carrier_plugins": {"ups": "replay", "fedex": "replay", "usps": "replay", "dhl": "replay"}},
        "routes": [{"backend": "outbox"}],
        "plugins": {"replay": {"dir": "responses"}, "outbox": {"dir": "state/outbox"}},
        "log": {"level": "warn"},
    }
    with open(os.path.join(args.out, "unstuck.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    os.makedirs(os.path.join(args.out, "state"), exist_ok=True)
    print("%d orders, %d saved responses in %s" % (args.count, len(responses) * args.pool, args.out))


if __name__ == "__main__":
    main()
