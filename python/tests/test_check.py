"""Host.check streams batches through unstuck_check_batch; Host.decide from many threads at once."""

from __future__ import annotations

import threading
from typing import Any, Dict, Iterator, List

import unstuck
from conftest import DEMO_NOW


def numbered(demo_orders: List[Dict[str, Any]], count: int) -> Iterator[Dict[str, Any]]:
    """``count`` demo orders under ids of their own, decided at the demo's instant."""
    for i in range(count):
        order = demo_orders[i % len(demo_orders)]
        yield dict(order, order_id=f"{i:06d}-{order['order_id']}", now=DEMO_NOW)


def test_check_streams_ten_thousand_orders_in_order(host: unstuck.Host,
                                                    demo_orders: List[Dict[str, Any]]) -> None:
    consumed = 0

    def orders() -> Iterator[Dict[str, Any]]:
        nonlocal consumed
        for order in numbered(demo_orders, 10_000):
            consumed += 1
            yield order

    results = host.check(orders(), chunk=500)
    assert consumed == 0  # nothing is read before the first result is asked for
    first = next(results)
    assert first["order_id"] == "000000-" + demo_orders[0]["order_id"]
    assert consumed <= 500  # one chunk read, not the whole input
    count = 1
    for i, result in enumerate(results, start=1):
        assert result["order_id"] == f"{i:06d}-{demo_orders[i % len(demo_orders)]['order_id']}"
        assert "action" in result and "rule" in result
        count += 1
    assert count == consumed == 10_000


def test_check_decides_as_decide_does(host: unstuck.Host, demo_orders: List[Dict[str, Any]]) -> None:
    orders = list(numbered(demo_orders, len(demo_orders)))
    assert list(host.check(orders, chunk=7)) == [host.decide(o) for o in orders]


def test_a_bad_order_in_check_is_named_by_its_line_and_the_rest_go_on(
        host: unstuck.Host, demo_orders: List[Dict[str, Any]]) -> None:
    orders: List[Any] = list(numbered(demo_orders, 30))
    orders[23] = '{"order_id": "broken", "packages": ['
    orders[27] = "   "  # blank: an answer of its own all the same, so the ones after it stay in place
    results = list(host.check(orders, chunk=10))
    assert len(results) == 30
    assert results[23]["line"] == 24  # counted over all orders, not within its chunk
    assert results[23]["error"]
    assert results[27]["line"] == 28 and results[27]["error"]
    assert [r.get("order_id") for i, r in enumerate(results) if i not in (23, 27)] == [
        o["order_id"] for i, o in enumerate(orders) if i not in (23, 27)]


def test_threads_decide_at_once_and_get_what_one_thread_gets(host: unstuck.Host,
                                                             demo_orders: List[Dict[str, Any]]) -> None:
    orders = list(numbered(demo_orders, len(demo_orders)))
    expected = [host.decide(o) for o in orders]
    failures: List[BaseException] = []
    start = threading.Barrier(8)

    def work() -> None:
        try:
            start.wait()
            for _ in range(20):
                for order, want in zip(orders, expected):
                    assert host.decide(order) == want
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            failures.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_errors_stay_on_the_thread_that_made_them(host: unstuck.Host,
                                                  demo_orders: List[Dict[str, Any]]) -> None:
    good = dict(demo_orders[0], now=DEMO_NOW)
    seen: List[str] = []
    failures: List[BaseException] = []

    def failing() -> None:
        for _ in range(200):
            try:
                host.decide('{"order_id": 1')
            except unstuck.JsonError as e:
                seen.append(e.message)
            except BaseException as e:  # noqa: BLE001
                failures.append(e)

    def succeeding() -> None:
        try:
            for _ in range(200):
                host.decide(good)
        except BaseException as e:  # noqa: BLE001
            failures.append(e)

    threads = [threading.Thread(target=failing), threading.Thread(target=succeeding)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(seen) == 200 and all(seen)
