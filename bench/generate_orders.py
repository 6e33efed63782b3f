#!/usr/bin/env python3
"""Writes a JSONL batch of order cases (policy.md section 1) for `unstuck check --orders`.

Every line is one order with 1 to 3 packages and 0 to 8 carrier events each, in the shapes real carriers give
(codes, descriptions, locations, local offsets), spread over every rule of the policy. The output depends only on
--seed and --count, so measurements can be repeated.

    python3 bench/generate_orders.py --count 1000000 --out /tmp/orders.jsonl
"""

import argparse
import json
import random
from datetime import datetime, timedelta, timezone

NOW = datetime(2024, 7, 16, 20, 0, 0, tzinfo=timezone.utc)

REGIONS = [("US", -7, 50), ("GB", 1, 10), ("ID", 7, 8), ("MY", 8, 8), ("TH", 7, 6), ("VN", 7, 6),
           ("PH", 8, 6), ("SG", 8, 6)]
CARRIERS = ["ups", "usps", "fedex", "dhl", "jt", "ninjavan"]
CITIES = [("Louisville", "KY", "40213", "US"), ("Dallas", "TX", "75261", "US"), ("Ontario", "CA", "91761", "US"),
          ("Memphis", "TN", "38118", "US"), ("London", "", "E16 2QU", "GB"), ("Jakarta", "", "10110", "ID"),
          ("Singapore", "", "018956", "SG"), ("Manila", "", "1000", "PH"), ("Bangkok", "", "10110", "TH")]
MOVES = [("IN_TRANSIT", "arrived_facility", "AR", "Arrived at Facility"),
         ("IN_TRANSIT", "departed_facility", "DP", "Departed from Facility"),
         ("IN_TRANSIT", "processed", "OR", "Processing at UPS Facility"),
         ("OUT_FOR_DELIVERY", "out_for_delivery", "OT", "Out For Delivery Today"),
         ("EXCEPTION", "weather", "WE", "A weather emergency caused a delay")]
PLATFORM_PRE = ["AWAITING_SHIPMENT", "AWAITING_COLLECTION"]
PLATFORM_SHIPPED = ["IN_TRANSIT", "PARTIALLY_SHIPPING"]
CODES = ["pick_up_issues.picked_up_not_updated", "delivery_process_inquiry.unmoved_tracking_event",
         "logistic_issue.delivered_not_updated"]


def stamp(t, offset_hours):
    local = t + timedelta(hours=offset_hours)
    sign = "+" if offset_hours >= 0 else "-"
    return local.strftime("%Y-%m-%dT%H:%M:%S") + "%s%02d:00" % (sign, abs(offset_hours))


def utc(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def event(rng, t, offset, status, substatus, code, description, physical=None, return_leg=False):
    city, region, postal, country = rng.choice(CITIES)
    e = {"at": stamp(t, offset), "status": status, "substatus": substatus, "code": code,
         "description": description,
         "location": {"city": city, "region": region, "postal_code": postal, "country": country}}
    if physical is not None:
        e["physical_scan"] = physical
    if return_leg:
        e["return_leg"] = True
    return e


def package(rng, index, scenario, offset):
    events = []
    pickup = NOW - timedelta(seconds=rng.randint(2 * 3600, 9 * 86400))
    if scenario != "no_tracking":
        events.append(event(rng, pickup - timedelta(hours=rng.randint(2, 30)), offset, "INFO_RECEIVED",
                            "label_created", "MP", "Shipper created a label, UPS has not received the package yet."))
    if scenario not in ("no_tracking", "not_picked_up"):
        events.append(event(rng, pickup, offset, "PICKED_UP", "picked_up", "038", "Picked up"))
        t = pickup
        for _ in range(rng.randint(0, 5)):
            t += timedelta(seconds=rng.randint(1800, 40 * 3600))
            if t >= NOW:
                break
            status, sub, code, text = rng.choice(MOVES)
            events.append(event(rng, t, offset, status, sub, code, text))
        if rng.random() < 0.2:
            events.append(event(rng, t + timedelta(hours=3), offset, "IN_TRANSIT", "info_only", "TL",
                                "In Transit to Next Facility", physical=False))
        if scenario in ("delivered", "seller_delivered"):
            events.append(event(rng, NOW - timedelta(seconds=rng.randint(600, 3 * 86400)), offset, "DELIVERED",
                                "delivered", "011", "Delivered"))
        elif scenario == "returned":
            events.append(event(rng, t + timedelta(hours=5), offset, "RETURNING", "refused", "RS",
                                "Returned to sender: refused", return_leg=True))
    if rng.random() < 0.1:
        rng.shuffle(events)  # carriers do not always answer oldest first
    pkg = {"package_id": str(1153891868590053777 + index), "tracking_number": "1Z%016d" % rng.randrange(10**16),
           "carrier": rng.choice(CARRIERS)}
    if scenario == "no_tracking" and rng.random() < 0.5:
        return pkg
    pkg["events"] = events
    return pkg


def order(rng, n):
    region = rng.choices(REGIONS, weights=[w for _, _, w in REGIONS])[0]
    seller = rng.random() < 0.2
    scenario = rng.choice(["picked_up", "picked_up", "in_transit", "in_transit", "in_transit", "delivered",
                           "returned", "not_picked_up", "no_tracking", "settled"])
    if seller and scenario == "delivered":
        scenario = "seller_delivered"
    if scenario in ("picked_up", "not_picked_up"):
        status = rng.choice(PLATFORM_PRE)
    elif scenario == "settled":
        status = rng.choice(["DELIVERED", "COMPLETED", "CANCELLED"])
    else:
        status = rng.choice(PLATFORM_SHIPPED + PLATFORM_PRE[1:])
    o = {"order_id": str(576859029223086481 + n), "shop_id": str(7494105515 + rng.randrange(500)),
         "marketplace": "tiktok-shop", "region": region[0], "shipping_type": "SELLER" if seller else "PLATFORM",
         "platform_status": status}
    if rng.random() < 0.6:
        o["platform_updated_at"] = utc(NOW - timedelta(seconds=rng.randint(3600, 8 * 86400)))
    o["promised_delivery_by"] = stamp(NOW + timedelta(days=rng.randint(1, 7)), region[1])
    o["packages"] = [package(rng, n * 4 + i, scenario, region[1]) for i in range(rng.choice([1, 1, 1, 2, 3]))]
    if scenario == "delivered" and rng.random() < 0.3:
        o["buyer_confirmed_receipt"] = {"at": utc(NOW - timedelta(hours=rng.randint(1, 30))),
                                        "evidence": ["chat/buyer-%d.png" % n]}
    if rng.random() < 0.1:
        o["tickets"] = [{"code": rng.choice(CODES), "status": rng.choice(["OPEN", "PENDING", "SOLVED", "CLOSED"]),
                         "created_at": utc(NOW - timedelta(seconds=rng.randint(3600, 6 * 86400)))}]
    o["now"] = utc(NOW)
    return o


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000000, help="orders to write (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=20240718, help="random seed (default 20240718)")
    parser.add_argument("--out", default="-", help="output file (default stdout)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = open(args.out, "w", encoding="utf-8") if args.out != "-" else None
    write = out.write if out else __import__("sys").stdout.write
    chunk = []
    for n in range(args.count):
        chunk.append(json.dumps(order(rng, n), separators=(",", ":")))
        if len(chunk) == 10000:
            write("\n".join(chunk) + "\n")
            chunk = []
    if chunk:
        write("\n".join(chunk) + "\n")
    if out:
        out.close()


if __name__ == "__main__":
    main()
