#!/usr/bin/env python3
"""Writes the demo's orders (orders.jsonl) and the carrier responses the replay carrier answers with
(responses/<tracking number>.json), for a sweep decided at NOW.

Every rule of the troubleshooting policy (P0-P7w, S0-S5) and the open-ticket variants appear at least once. The
responses are in each carrier's own format (UPS Track API, FedEx Track API, USPS Tracking v3, DHL unified), wrapped
as {"carrier": ..., "response": ...} so the replay carrier knows which normalizer reads them. The output depends on
nothing but this file:

    python3 samples/demo/make_demo.py        # rewrites samples/demo/orders.jsonl and samples/demo/responses/
"""

import json
import os
import shutil
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = datetime(2024, 7, 16, 20, 0, 0, tzinfo=timezone.utc)  # a Tuesday; sweep --now pins it
SHOP = "7494105515"


def ago(hours):
    return NOW - timedelta(hours=hours)


def iso(t, offset_h):
    local = t + timedelta(hours=offset_h)
    sign = "+" if offset_h >= 0 else "-"
    return local.strftime("%Y-%m-%dT%H:%M:%S") + "%s%02d:00" % (sign, abs(offset_h))


def utc(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Tracking numbers with valid check digits ---

def ups_number(serial15):
    total = 0
    for i, c in enumerate(serial15):
        v = int(c) if c.isdigit() else (ord(c) - 3) % 10
        total += v * (1 if i % 2 == 0 else 2)
    return "1Z" + serial15 + str((10 - total % 10) % 10)


def fedex_number(serial11):
    weights = [3, 1, 7]
    total = sum(int(c) * weights[i % 3] for i, c in enumerate(serial11))
    return serial11 + str(total % 11 % 10)


def usps_number(payload21):
    total = 0
    for i, c in enumerate(reversed(payload21)):
        total += int(c) * (3 if i % 2 == 0 else 1)
    return payload21 + str((10 - total % 10) % 10)


def dhl_number(serial9):
    return serial9 + str(int(serial9) % 7)


# --- Carrier documents (newest event first, as the carriers send them) ---

US_PLACES = {
    "louisville": ("Louisville", "KY", "40213", -4),
    "dallas": ("Dallas", "TX", "75261", -5),
    "ontario": ("Ontario", "CA", "91761", -7),
    "memphis": ("Memphis", "TN", "38118", -5),
    "houston": ("Houston", "TX", "77001", -5),
    "seattle": ("Seattle", "WA", "98108", -7),
    "atlanta": ("Atlanta", "GA", "30309", -4),
}


def ups(number, events, delivered_to=None):
    """events: (hours_ago, place, type, code, statusCode, description)"""
    activity = []
    for hours, place, kind, code, status_code, text in sorted(events, key=lambda e: e[0]):
        city, state, postal, off = US_PLACES[place]
        t = ago(hours)
        local = t + timedelta(hours=off)
        activity.append({
            "location": {"address": {"city": city, "stateProvince": state, "postalCode": postal,
                                     "countryCode": "US", "country": "US"}},
            "status": {"type": kind, "description": text, "code": code, "statusCode": status_code},
            "date": local.strftime("%Y%m%d"), "time": local.strftime("%H%M%S"),
            "gmtDate": t.strftime("%Y%m%d"), "gmtOffset": "%+03d:00" % off, "gmtTime": t.strftime("%H:%M:%S")})
    package = {"trackingNumber": number, "activity": activity,
               "currentStatus": {"type": activity[0]["status"]["type"], "code": activity[0]["status"]["code"],
                                 "description": activity[0]["status"]["description"],
                                 "statusCode": activity[0]["status"]["statusCode"]},
               "service": {"code": "003", "description": "UPS Ground"}, "packageCount": 1}
    if delivered_to:
        package["deliveryInformation"] = {"location": "Front Door", "receivedBy": delivered_to}
    return {"carrier": "ups", "response": {"trackResponse": {"shipment": [
        {"inquiryNumber": number, "package": [package]}]}}}


def fedex(number, events, signed_by=None):
    """events: (hours_ago, place, eventType, description)"""
    scans = []
    for hours, place, kind, text in sorted(events, key=lambda e: e[0]):
        city, state, postal, off = US_PLACES[place]
        scans.append({"date": iso(ago(hours), off), "eventType": kind, "eventDescription": text,
                      "exceptionCode": "", "exceptionDescription": "",
                      "scanLocation": {"city": city.upper(), "stateOrProvinceCode": state, "postalCode": postal,
                                       "countryCode": "US", "residential": False},
                      "derivedStatusCode": kind, "derivedStatus": text})
    latest = scans[0]
    result = {"trackingNumberInfo": {"trackingNumber": number, "trackingNumberUniqueId": "12024~%s~FDEG" % number,
                                     "carrierCode": "FDXG"},
              "latestStatusDetail": {"code": latest["eventType"], "derivedCode": latest["eventType"],
                                     "statusByLocale": latest["eventDescription"],
                                     "description": latest["eventDescription"]},
              "scanEvents": scans}
    if signed_by:
        result["deliveryDetails"] = {"receivedByName": signed_by}
        result["availableImages"] = [{"type": "SIGNATURE_PROOF_OF_DELIVERY", "size": "SMALL"}]
    return {"carrier": "fedex", "response": {
        "transactionId": "demo-" + number, "output": {"completeTrackResults": [
            {"trackingNumber": number, "trackResults": [result]}]}}}


def usps(number, events):
    """events: (hours_ago, place or None, eventCode, eventType)"""
    tracking = []
    for hours, place, code, text in sorted(events, key=lambda e: e[0]):
        t = ago(hours)
        if place:
            city, state, postal, off = US_PLACES[place]
        else:
            city, state, postal, off = None, None, None, -5
        local = t + timedelta(hours=off)
        tracking.append({"eventType": text, "eventTimestamp": local.strftime("%Y-%m-%dT%H:%M:%S"),
                         "GMTTimestamp": utc(t), "GMTOffset": "%+03d:00" % off, "eventCountry": None,
                         "eventCity": city.upper() if city else None, "eventState": state, "eventZIP": postal,
                         "firm": None, "name": None, "authorizedAgent": "false", "eventCode": code})
    return {"carrier": "usps", "response": {
        "trackingNumber": number, "mailClass": "USPS Ground Advantage<SUP>&#8482;</SUP>",
        "mailType": "DOMESTIC_MAIL", "status": tracking[0]["eventType"], "statusCategory": "In Transit",
        "trackingEvents": tracking}}


GB_PLACES = {"london": ("LONDON - UK", "GB", "EC1V", 1), "east-midlands": ("EAST MIDLANDS - UK", "GB", "DE74", 1),
             "manchester": ("MANCHESTER - UK", "GB", "M90", 1)}


def dhl(number, events, pod_signed_by=None):
    """events: (hours_ago, place or None, statusCode, description); timestamps are local, without offset."""
    out = []
    for hours, place, code, text in sorted(events, key=lambda e: e[0]):
        event = {"statusCode": code, "status": text.upper(), "description": text}
        off = 1
        if place:
            locality, country, postal, off = GB_PLACES[place]
            event["location"] = {"address": {"countryCode": country, "postalCode": postal,
                                             "addressLocality": locality}}
        event["timestamp"] = (ago(hours) + timedelta(hours=off)).strftime("%Y-%m-%dT%H:%M:%S")
        out.append(event)
    shipment = {"id": number, "service": "express",
                "origin": {"address": {"countryCode": "GB", "addressLocality": "LONDON - UK"}},
                "destination": {"address": {"countryCode": "GB", "addressLocality": "MANCHESTER - UK"}},
                "status": dict(out[0]), "details": {"product": {"productName": "EXPRESS DOMESTIC"}},
                "events": out}
    if pod_signed_by:
        shipment["details"]["proofOfDelivery"] = {
            "timestamp": iso(ago(events[0][0]), 1),
            "documentUrl": "https://webpod.dhl.example/webPOD/DHLePODRequest?awb=" + number,
            "signed": {"@type": "Person", "name": pod_signed_by}}
    return {"carrier": "dhl", "response": {"url": "/shipments?trackingNumber=" + number, "shipments": [shipment]}}


# --- Event lists reused by several scenarios ---

def ups_label(h):
    return (h, "louisville", "M", "MP", "003", "Shipper created a label, UPS has not received the package yet.")


def ups_pickup(h):
    return (h, "louisville", "I", "PU", "038", "Picked up")


def ups_move(h, place="memphis"):
    return (h, place, "I", "DP", "005", "Departed from Facility")


def ups_delivered(h):
    return (h, "houston", "D", "KB", "011", "DELIVERED")


orders = []
responses = {}


def order(order_id, shipping, platform_status, packages, region="US", **extra):
    o = {"order_id": order_id, "shop_id": SHOP, "marketplace": "tiktok-shop", "region": region,
         "shipping_type": shipping, "platform_status": platform_status, "packages": packages}
    o.update(extra)
    orders.append(o)


def pkg(package_id, number, carrier, document=None, **extra):
    p = {"package_id": package_id, "tracking_number": number}
    if carrier:
        p["carrier"] = carrier
    if document is not None:
        responses[number] = document
    p.update(extra)
    return p


# P0 platform.settled: the platform already shows DELIVERED.
n = ups_number("023E2X021432301")
order("5768590292230001", "PLATFORM", "DELIVERED",
      [pkg("1153891868590001", n, "ups", ups(n, [ups_delivered(70), ups_move(90), ups_pickup(110), ups_label(120)]))])

# P1 platform.carrier_terminal: UPS is returning the parcel to the sender.
n = ups_number("023E2X021432302")
order("5768590292230002", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590002", n, "ups", ups(n, [
          (20, "dallas", "I", "RS", "035", "Returning to Sender: The receiver was not available for delivery."),
          (30, "dallas", "X", "49", "024", "The receiver was not available at the time of the final delivery attempt."),
          ups_move(60, "dallas"), ups_pickup(80), ups_label(90)]))])

# P2 platform.buyer_confirmed_not_updated: the buyer confirmed receipt; the evidence file is attached.
n = fedex_number("27364819201")
order("5768590292230003", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590003", n, "fedex", fedex(n, [
          (10, "atlanta", "AR", "At local FedEx facility"), (30, "memphis", "DP", "Departed FedEx hub"),
          (40, "seattle", "PU", "Picked up"), (48, "seattle", "OC", "Shipment information sent to FedEx")]))],
      buyer_confirmed_receipt={"at": utc(ago(3)), "evidence": ["files/buyer-chat-5768590292230003.png"]})

# P3 platform.carrier_delivered_not_updated: FedEx delivered two days ago, the platform still shows IN_TRANSIT.
n = fedex_number("27364819202")
order("5768590292230004", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590004", n, "fedex", fedex(n, [
          (50, "atlanta", "DL", "Delivered"), (55, "atlanta", "OD", "On FedEx vehicle for delivery"),
          (70, "memphis", "DP", "Departed FedEx hub"), (90, "seattle", "PU", "Picked up")], signed_by="R.MILLER"))])

# P3w platform.carrier_delivered_grace: USPS delivered six hours ago.
n = usps_number("940011189922319742001")
order("5768590292230005", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590005", n, "usps", usps(n, [
          (6, "houston", "01", "Delivered, In/At Mailbox"), (12, "houston", "OF", "Out for Delivery"),
          (30, "dallas", "10", "Processed at USPS Regional Facility"), (50, "dallas", "03", "USPS picked up item")]))])

# P4 platform.picked_up_not_updated: the policy's own example, UPS pickup 30 h 48 min ago.
n = "1Z023E2X0214323462"
order("576859029223086481", "PLATFORM", "AWAITING_COLLECTION",
      [pkg("1153891868590053777", n, "ups", ups(n, [(30.8, "louisville", "I", "PU", "038", "Picked up"),
                                                     ups_label(40)]))],
      platform_updated_at="2024-07-15T16:02:11Z")

# P4w platform.pickup_grace: DHL picked it up eight hours ago (GB).
n = dhl_number("481729301")
order("5768590292230007", "PLATFORM", "AWAITING_COLLECTION",
      [pkg("1153891868590007", n, "dhl", dhl(n, [
          (8, "london", "transit", "Shipment picked up"),
          (20, None, "pre-transit", "Shipment information received")]))], region="GB")

# P5 platform.not_picked_up: only a FedEx label so far.
n = fedex_number("27364819203")
order("5768590292230008", "PLATFORM", "AWAITING_COLLECTION",
      [pkg("1153891868590008", n, "fedex", fedex(n, [(26, "seattle", "OC", "Shipment information sent to FedEx")]))])

# P6 platform.no_tracking: USPS does not know the number yet (no saved response), no platform update time.
n = usps_number("940011189922319742002")
order("5768590292230009", "PLATFORM", "IN_TRANSIT", [pkg("1153891868590009", n, "usps")])

# P7 platform.unmoved_tracking: the last UPS scan was five days ago.
n = ups_number("023E2X021432310")
order("5768590292230010", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590010", n, "ups", ups(n, [ups_move(124), ups_pickup(140), ups_label(150)]))])

# P7w platform.within_timeline: moved twenty hours ago.
n = usps_number("940011189922319742011")
order("5768590292230011", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590011", n, "usps", usps(n, [
          (20, "memphis", "10", "Processed at USPS Regional Facility"),
          (22, None, "TL", "In Transit to Next Facility"), (40, "dallas", "03", "USPS picked up item")]))])

# S0 seller.settled.
n = ups_number("023E2X021432312")
order("5768590292230012", "SELLER", "COMPLETED",
      [pkg("1153891868590012", n, "ups", ups(n, [ups_delivered(100), ups_pickup(150)]))])

# S1 seller.no_tracking: DHL has the shipment data only.
n = dhl_number("481729313")
order("5768590292230013", "SELLER", "IN_TRANSIT",
      [pkg("1153891868590013", n, "dhl", dhl(n, [(30, None, "pre-transit", "Shipment information received")]))],
      region="GB")

# S2 seller.carrier_terminal: FedEx is returning it.
n = fedex_number("27364819214")
order("5768590292230014", "SELLER", "IN_TRANSIT",
      [pkg("1153891868590014", n, "fedex", fedex(n, [
          (12, "atlanta", "RS", "Return to shipper"), (30, "atlanta", "DE", "Delivery exception"),
          (60, "memphis", "DP", "Departed FedEx hub"), (80, "seattle", "PU", "Picked up")]))])

# S3 seller.delivered_update_pod: DHL delivered with a signature.
n = dhl_number("481729315")
order("5768590292230015", "SELLER", "IN_TRANSIT",
      [pkg("1153891868590015", n, "dhl", dhl(n, [
          (5, "manchester", "delivered", "Delivered - Signed for by: A. Patel"),
          (9, "manchester", "transit", "With delivery courier"),
          (30, "east-midlands", "transit", "Processed at EAST MIDLANDS - UK"),
          (40, "london", "transit", "Shipment picked up")], pod_signed_by="A. Patel"))], region="GB")

# S4 seller.carrier_stalled: USPS has not scanned it for six days.
n = usps_number("940011189922319742016")
order("5768590292230016", "SELLER", "IN_TRANSIT",
      [pkg("1153891868590016", n, "usps", usps(n, [
          (146, "memphis", "10", "Processed at USPS Regional Facility"),
          (170, "dallas", "03", "USPS picked up item")]))])

# S5 seller.in_progress.
n = ups_number("023E2X021432317")
order("5768590292230017", "SELLER", "IN_TRANSIT",
      [pkg("1153891868590017", n, "ups", ups(n, [ups_move(24), ups_pickup(48)]))])

# P4 with a young open ticket of the same code: AWAIT_TICKET.
n = ups_number("023E2X021432318")
order("5768590292230018", "PLATFORM", "AWAITING_COLLECTION",
      [pkg("1153891868590018", n, "ups", ups(n, [ups_pickup(50), ups_label(60)]))],
      tickets=[{"code": "pick_up_issues.picked_up_not_updated", "status": "OPEN", "created_at": utc(ago(20))}])

# P7 with an open ticket past its two business days: CONTACT_SELLER_SUPPORT.
n = ups_number("023E2X021432319")
order("5768590292230019", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590019", n, "ups", ups(n, [ups_move(200), ups_pickup(220)]))],
      tickets=[{"code": "delivery_process_inquiry.unmoved_tracking_event", "status": "OPEN",
                "created_at": utc(ago(150))}])

# P4 with a solved ticket and nothing new since: NONE (already resolved).
n = ups_number("023E2X021432320")
order("5768590292230020", "PLATFORM", "AWAITING_COLLECTION",
      [pkg("1153891868590020", n, "ups", ups(n, [ups_pickup(100), ups_label(110)]))],
      tickets=[{"code": "pick_up_issues.picked_up_not_updated", "status": "SOLVED", "created_at": utc(ago(70))}])

# P7 with a solved ticket and a scan after it: filed again, the key ends ":2".
n = ups_number("023E2X021432321")
order("5768590292230021", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590021", n, "ups", ups(n, [ups_move(130, "dallas"), ups_move(200), ups_pickup(230)]))],
      tickets=[{"code": "delivery_process_inquiry.unmoved_tracking_event", "status": "SOLVED",
                "created_at": utc(ago(160))}])

# Two packages that both stopped moving: one dispute names both.
n1, n2 = ups_number("023E2X021432322"), usps_number("940011189922319742022")
order("5768590292230022", "PLATFORM", "IN_TRANSIT", [
    pkg("1153891868590022", n1, "ups", ups(n1, [ups_move(120), ups_pickup(140)])),
    pkg("1153891868590122", n2, "usps", usps(n2, [(125, "dallas", "10", "Processed at USPS Regional Facility"),
                                                   (150, "dallas", "03", "USPS picked up item")]))])

# Two packages, two codes: FedEx delivered three days ago (P3), DHL stopped moving (P7): two disputes.
n1, n2 = fedex_number("27364819223"), dhl_number("481729323")
order("5768590292230023", "PLATFORM", "IN_TRANSIT", [
    pkg("1153891868590023", n1, "fedex", fedex(n1, [(72, "atlanta", "DL", "Delivered"),
                                                    (100, "seattle", "PU", "Picked up")])),
    pkg("1153891868590123", n2, "dhl", dhl(n2, [(150, "east-midlands", "transit", "Processed at EAST MIDLANDS - UK"),
                                                (170, "london", "transit", "Shipment picked up")]))], region="GB")

# No carrier given: detected from the number (UPS 1Z with a valid check digit), then P3.
n = ups_number("023E2X021432324")
order("5768590292230024", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590024", n, None, ups(n, [ups_delivered(40), ups_move(60), ups_pickup(80)],
                                            delivered_to="FRONT DOOR"))])

# No carrier given: detected as USPS (IMpb), within the timeline.
n = usps_number("940011189922319742025")
order("5768590292230025", "PLATFORM", "IN_TRANSIT",
      [pkg("1153891868590025", n, None, usps(n, [(15, "memphis", "10", "Processed at USPS Regional Facility"),
                                                 (40, "dallas", "03", "USPS picked up item")]))])

# The carrier's document given inline ("raw"), normalized by the UPS plugin: picked up 2 days ago, P4.
n = ups_number("023E2X021432326")
raw = ups(n, [ups_pickup(49), ups_label(55)])
order("5768590292230026", "PLATFORM", "AWAITING_SHIPMENT",
      [{"package_id": "1153891868590026", "tracking_number": n,
        "raw": {"carrier": "ups", "payload": raw["response"]}}])


def main():
    with open(os.path.join(HERE, "orders.jsonl"), "w") as f:
        for o in orders:
            f.write(json.dumps(o, separators=(",", ":")) + "\n")
    out = os.path.join(HERE, "responses")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for number, document in sorted(responses.items()):
        with open(os.path.join(out, number + ".json"), "w") as f:
            json.dump(document, f, indent=2)
            f.write("\n")
    print("%d orders, %d saved responses" % (len(orders), len(responses)))


if __name__ == "__main__":
    main()
