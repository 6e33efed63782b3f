"""Every endpoint of `unstuck serve` against docs/api/openapi.yaml: each answer's body is validated against the
schema the document gives for its path, method and status (conftest.Api), and the last test checks that every
operation the document describes was exercised."""

import copy

from conftest import NOW, READ_TOKEN, demo_orders, order_key

# policy.md section 1's example: picked up on 15 July, the platform still awaits collection on the 16th.
PICKED_UP = next(o for o in demo_orders() if o["order_id"] == "576859029223086481")
PICKED_UP_KEY = order_key(PICKED_UP)
DISPUTE_KEY = PICKED_UP_KEY + ":pick_up_issues.picked_up_not_updated"


def disputes_of(service, key):
    reply = service.call("GET", "/v1/disputes", query={"order_key": key, "limit": 1000})
    assert reply.status == 200
    return reply.json["disputes"]


def test_health_readiness_and_metrics(service):
    assert service.call("GET", "/healthz", token=None).json == {"status": "ok"}
    ready = service.call("GET", "/readyz", token=None)
    assert ready.status == 200 and ready.json["status"] == "ready"
    metrics = service.call("GET", "/metrics", token=None)
    assert metrics.status == 200
    assert "unstuck_http_requests_total" in metrics.text


def test_whoami_names_the_token(service):
    reply = service.call("GET", "/v1/whoami", token=READ_TOKEN)
    assert reply.status == 200
    assert reply.json == {"principal": "viewer", "scopes": ["read"]}


def test_tokens_and_scopes(service):
    assert service.call("GET", "/v1/orders", token=None).status == 401
    assert service.call("GET", "/v1/orders", token="not-a-token").status == 401
    refused = service.call("POST", "/v1/orders", body=PICKED_UP, token=READ_TOKEN)
    assert refused.status == 403
    assert refused.json["error"]["code"] == "forbidden"
    assert READ_TOKEN not in refused.text
    assert service.call("GET", "/v1/orders", token=READ_TOKEN).status == 200


def test_submitting_an_order_decides_and_files_its_dispute_once(service):
    first = service.call("POST", "/v1/orders", body=PICKED_UP)
    assert first.status == 200, first.text
    order = first.json["order"]
    assert order["order_key"] == PICKED_UP_KEY
    assert order["action"] == "FILE_DISPUTE"
    assert order["rule"] == "platform.picked_up_not_updated"
    assert order["decided_at"] == NOW
    assert order["decision"]["dispute"]["key"] == DISPUTE_KEY
    filed = disputes_of(service, PICKED_UP_KEY)
    assert [d["key"] for d in filed] == [DISPUTE_KEY]
    assert filed[0]["state"] == "FILED" and filed[0]["backend"] == "outbox"

    # The same case again, by POST and by PUT: the dispute in the store is the order's ticket now.
    again = service.call("POST", "/v1/orders", body=PICKED_UP)
    assert again.status == 200
    assert again.json["order"]["action"] != "FILE_DISPUTE"
    put = service.call("PUT", "/v1/orders/{order_key}", params={"order_key": PICKED_UP_KEY}, body=PICKED_UP)
    assert put.status == 200
    assert put.json["order"]["order_key"] == PICKED_UP_KEY
    assert [d["key"] for d in disputes_of(service, PICKED_UP_KEY)] == [DISPUTE_KEY]
    packets = [p for p in (service.work / "outbox").iterdir() if p.is_dir()]
    assert len(packets) == 1


def test_reading_an_order_and_its_history(service):
    got = service.call("GET", "/v1/orders/{order_key}", params={"order_key": PICKED_UP_KEY}, token=READ_TOKEN)
    assert got.status == 200
    assert got.json["order"]["order_id"] == PICKED_UP["order_id"]
    assert got.json["order"]["decision"]["order_id"] == PICKED_UP["order_id"]
    history = service.call("GET", "/v1/orders/{order_key}/history", params={"order_key": PICKED_UP_KEY})
    assert history.status == 200
    actions = [h["action"] for h in history.json["history"]]
    assert actions[0] == "FILE_DISPUTE" and len(actions) >= 2

    for template in ("/v1/orders/{order_key}", "/v1/orders/{order_key}/history"):
        missing = service.call("GET", template, params={"order_key": "tiktok-shop:nobody:0"})
        assert missing.status == 404
        assert missing.json["error"]["code"] == "not_found"


def test_put_refuses_a_case_under_another_key(service):
    other = "tiktok-shop:7494105515:1"
    reply = service.call("PUT", "/v1/orders/{order_key}", params={"order_key": other}, body=PICKED_UP)
    assert reply.status == 400
    assert reply.json["error"] == {
        "code": "invalid_field",
        "field": "order_id",
        "message": reply.json["error"]["message"],
    }
    assert other in reply.json["error"]["message"]
    shop = service.call("PUT", "/v1/orders/{order_key}", params={"order_key": "tiktok-shop:other-shop:" +
                                                                  PICKED_UP["order_id"]}, body=PICKED_UP)
    assert shop.status == 400 and shop.json["error"]["field"] == "shop_id"


def test_bad_cases_name_the_field(service):
    bad = copy.deepcopy(PICKED_UP)
    bad["platform_status"] = "SOMEWHERE"
    reply = service.call("POST", "/v1/orders", body=bad)
    assert reply.status == 400
    assert reply.json["error"]["code"] == "invalid_field"
    assert reply.json["error"]["field"] == "platform_status"

    bad = copy.deepcopy(PICKED_UP)
    bad["packages"][0]["events"] = [{"at": "2024-07-15T09:12:00", "status": "PICKED_UP"}]
    reply = service.call("POST", "/v1/orders", body=bad)
    assert reply.status == 400
    assert reply.json["error"]["field"] == "packages[0].events[0].at"

    malformed = service.call("POST", "/v1/orders", raw_body=b'{"order_id": ')
    assert malformed.status == 400
    assert malformed.json["error"]["code"] == "bad_request"
    empty = service.call("POST", "/v1/orders", body={"orders": []})
    assert empty.status == 400 and empty.json["error"]["field"] == "orders"
    too_many = service.call("POST", "/v1/orders", body={"orders": [PICKED_UP] * 1001})
    assert too_many.status == 400 and too_many.json["error"]["field"] == "orders"


def test_a_batch_answers_each_case_and_a_bad_one_stops_nothing(service):
    cases = demo_orders()
    batch = cases[:10] + [{"order_id": "broken", "packages": "none"}] + cases[10:]
    reply = service.call("POST", "/v1/orders", body={"orders": batch})
    assert reply.status == 200, reply.text
    results = reply.json["results"]
    assert [r["index"] for r in results] == list(range(len(batch)))
    assert results[10]["status"] == 400
    assert results[10]["error"]["field"] == "packages"
    good = [r for i, r in enumerate(results) if i != 10]
    assert all(r["status"] == 200 for r in good), [r for r in good if r["status"] != 200]
    assert [r["order_key"] for r in good] == [order_key(c) for c in cases]
    assert "broken" not in {o["order_id"] for o in all_orders(service, 1000)}

    # Again: the same decisions, no dispute filed twice.
    before = len(all_disputes(service, 1000))
    again = service.call("POST", "/v1/orders", body={"orders": cases})
    assert all(r["status"] == 200 for r in again.json["results"])
    assert len(all_disputes(service, 1000)) == before


def all_orders(service, limit, **query):
    orders, cursor, pages = [], None, 0
    while True:
        q = dict(query, limit=limit)
        if cursor:
            q["cursor"] = cursor
        reply = service.call("GET", "/v1/orders", query=q)
        assert reply.status == 200, reply.text
        assert len(reply.json["orders"]) <= limit
        orders += reply.json["orders"]
        pages += 1
        cursor = reply.json["next_cursor"]
        if cursor is None:
            return orders
        assert pages < 100


def all_disputes(service, limit, **query):
    disputes, cursor = [], None
    while True:
        q = dict(query, limit=limit)
        if cursor:
            q["cursor"] = cursor
        reply = service.call("GET", "/v1/disputes", query=q)
        assert reply.status == 200, reply.text
        disputes += reply.json["disputes"]
        cursor = reply.json["next_cursor"]
        if cursor is None:
            return disputes


def test_orders_page_by_page_and_filtered(service):
    everything = all_orders(service, 1000)
    keys = [o["order_key"] for o in everything]
    assert len(keys) == len(demo_orders())
    assert keys == sorted(keys)
    assert all("decision" not in o for o in everything)
    for limit in (1, 4, 7):
        paged = [o["order_key"] for o in all_orders(service, limit)]
        assert paged == keys
    first = service.call("GET", "/v1/orders", query={"limit": 4})
    assert len(first.json["orders"]) == 4 and first.json["next_cursor"]

    for action in {o["action"] for o in everything}:
        some = all_orders(service, 3, action=action)
        assert [o["order_key"] for o in some] == [o["order_key"] for o in everything if o["action"] == action]
    rule = everything[0]["rule"]
    assert {o["order_key"] for o in all_orders(service, 2, rule=rule)} == {
        o["order_key"] for o in everything if o["rule"] == rule}
    due = all_orders(service, 5, due_before="2024-07-18T00:00:00Z")
    assert {o["order_key"] for o in due} == {
        o["order_key"] for o in everything if o["next_check_at"] and o["next_check_at"] <= "2024-07-18T00:00:00Z"}
    assert all_orders(service, 5, action="NO_SUCH_ACTION") == []


def test_disputes_page_by_page_and_filtered(service):
    everything = all_disputes(service, 1000)
    assert len(everything) >= 2
    for limit in (1, 3):
        assert [d["key"] for d in all_disputes(service, limit)] == [d["key"] for d in everything]
    filed = all_disputes(service, 2, state="FILED")
    assert [d["key"] for d in filed] == [d["key"] for d in everything if d["state"] == "FILED"]
    assert all_disputes(service, 2, state="filed") == filed
    assert len(all_disputes(service, 2, backend="outbox")) == len(everything)
    assert all_disputes(service, 2, backend="zendesk") == []
    assert [d["key"] for d in all_disputes(service, 5, order_key=PICKED_UP_KEY)] == [DISPUTE_KEY]

    one = service.call("GET", "/v1/disputes/{key}", params={"key": DISPUTE_KEY}, token=READ_TOKEN)
    assert one.status == 200
    assert one.json["dispute"]["key"] == DISPUTE_KEY
    assert one.json["dispute"]["order_id"] == PICKED_UP["order_id"]
    # Its history as the store wrote it: PENDING before the backend was called, then FILED under the remote id,
    # then the ticket's state as the outbox gave it when the order was decided again (the same case posted twice).
    assert [(e["state"], e["detail"]) for e in one.json["history"]] == [
        ("PENDING", None), ("FILED", one.json["dispute"]["remote_id"]), ("OPEN", None)]
    assert one.json["dispute"]["remote_id"]
    assert all(e["at"] == NOW for e in one.json["history"])
    missing = service.call("GET", "/v1/disputes/{key}", params={"key": PICKED_UP_KEY + ":no.such_code"})
    assert missing.status == 404


def test_bad_list_parameters_name_the_parameter(service):
    for template, query, field in [
        ("/v1/orders", {"limit": 0}, "limit"),
        ("/v1/orders", {"limit": 1001}, "limit"),
        ("/v1/orders", {"limit": "ten"}, "limit"),
        ("/v1/orders", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/orders", {"due_before": "tomorrow"}, "due_before"),
        ("/v1/disputes", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/disputes", {"state": "LOST"}, "state"),
    ]:
        reply = service.call("GET", template, query=query)
        assert reply.status == 400, (template, query, reply.text)
        assert reply.json["error"]["code"] == "invalid_field"
        assert reply.json["error"]["field"] == field
    # A cursor of one list is no cursor of the other.
    cursor = service.call("GET", "/v1/orders", query={"limit": 1}).json["next_cursor"]
    assert service.call("GET", "/v1/disputes", query={"cursor": cursor}).status == 400


def test_sweeping_the_due_orders_now(service):
    reply = service.call("POST", "/v1/sweeps")
    assert reply.status == 200, reply.text
    summary = reply.json["summary"]
    # At the frozen clock nothing submitted above is due yet but what the sweep's step left due.
    assert summary["orders"]["lines"] == summary["orders"]["decided"] + summary["orders"]["skipped"] + \
        summary["orders"]["failed"] + summary["orders"]["bad_lines"]
    assert summary["disputes"]["filed"] == 0
    assert service.call("POST", "/v1/sweeps", token=READ_TOKEN).status == 403


def test_webhooks_of_a_plugin_without_a_receiver_are_not_found(service):
    reply = service.call("POST", "/v1/webhooks/{plugin}", params={"plugin": "replay"}, body={"x": 1}, token=None)
    assert reply.status == 404
    assert reply.json["error"]["code"] == "not_found"
    assert service.call("POST", "/v1/webhooks/{plugin}", params={"plugin": "nothing"}, body={}).status == 404


# The service's core operations (docs/service.md, "API"); the dashboard's own are tested with the dashboard.
CORE_OPERATIONS = {
    ("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics"), ("GET", "/v1/whoami"),
    ("POST", "/v1/orders"), ("GET", "/v1/orders"), ("PUT", "/v1/orders/{order_key}"),
    ("GET", "/v1/orders/{order_key}"), ("GET", "/v1/orders/{order_key}/history"),
    ("GET", "/v1/disputes"), ("GET", "/v1/disputes/{key}"), ("POST", "/v1/sweeps"),
    ("POST", "/v1/webhooks/{plugin}"),
}


def test_every_core_operation_is_described_and_was_exercised(service, spec):
    described = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops if m != "parameters"}
    assert CORE_OPERATIONS - described == set()
    assert CORE_OPERATIONS - service.seen == set()


def test_the_validation_refuses_a_body_off_the_schema(service):
    import jsonschema
    import pytest

    from conftest import Reply

    off = Reply(200, {"Content-Type": "application/json"}, b'{"order": {"order_key": 1}}')
    with pytest.raises(jsonschema.ValidationError):
        service.validate("GET", "/v1/orders/{order_key}", off)
    undescribed = Reply(418, {"Content-Type": "application/json"}, b"{}")
    with pytest.raises(AssertionError):
        service.validate("GET", "/v1/orders/{order_key}", undescribed)
