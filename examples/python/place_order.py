#!/usr/bin/env python3
"""Place an order on mock-broker, advance its virtual clock and read the fill.

Python 3 standard library only: the HTTP contract (CONTRACT.md) is plain JSON over HTTP, so any
language can drive a deterministic broker. Usage:

    python3 examples/python/place_order.py [--url http://localhost:4100] [--seed 7]

The base URL also comes from MOCK_BROKER_URL. Exits 0 after printing a summary of the fill, or
non-zero with the error's `code` (the contract's `{ "error": { "code", ... } }` body) on failure.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

ACCOUNT = "DEMO"


class BrokerError(Exception):
    """An answer that is not a success, carrying the contract's error `code`."""

    def __init__(self, method, path, status, code, message):
        super().__init__(f"{method} {path} answered {status} {code}: {message}")
        self.status = status
        self.code = code


def call(base_url, method, path, body=None, timeout=10):
    """One JSON request; answers the decoded body or raises BrokerError."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        base_url.rstrip("/") + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raw = error.read().decode("utf-8", "replace")
        try:
            err = json.loads(raw)["error"]
            code, message = err.get("code", "unknown"), err.get("message", "")
        except (ValueError, KeyError, TypeError):
            code, message = "invalid_response", raw[:200]
        raise BrokerError(method, path, error.code, code, message) from None
    except urllib.error.URLError as error:
        raise BrokerError(method, path, 0, "unreachable", str(error.reason)) from None
    except ValueError as error:
        raise BrokerError(method, path, 200, "invalid_response", str(error)) from None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url",
        default=os.environ.get("MOCK_BROKER_URL") or "http://localhost:4100",
        help="the broker's base URL (default: $MOCK_BROKER_URL or http://localhost:4100)",
    )
    parser.add_argument("--seed", type=int, default=7, help="the world's seed (default 7)")
    parser.add_argument("--symbol", default="AAPL", help="the symbol to buy (default AAPL)")
    parser.add_argument("--qty", default="10", help="the quantity to buy (default 10)")
    args = parser.parse_args()
    url = args.url

    try:
        # 1. A seeded world whose clock moves only when told (POST /mock/advance).
        call(url, "POST", "/mock/configure", {
            "seed": args.seed,
            "symbols": [args.symbol],
            "clock": {"mode": "manual"},
        })

        # 2. A market buy; until the venue latency passes in virtual time it is pending_new.
        order = call(url, "POST", f"/v1/accounts/{ACCOUNT}/orders", {
            "clientOrderId": "python-example-1",
            "symbol": args.symbol,
            "side": "buy",
            "qty": args.qty,
            "type": "market",
            "timeInForce": "day",
        })
        print(f"order {order['id']} {order['side']} {order['qty']} {order['symbol']}: "
              f"{order['status']}")

        # 3. Move virtual time forward until the order is done (a few seconds at most).
        for _ in range(10):
            advanced = call(url, "POST", "/mock/advance", {"ms": 1000})
            order = call(url, "GET", f"/v1/accounts/{ACCOUNT}/orders/{order['id']}")
            if order["status"] in ("filled", "canceled", "rejected", "expired"):
                break
        print(f"advanced the clock to {advanced['to']}: order is {order['status']}")

        # 4. The fills of that order.
        fills = call(url, "GET", f"/v1/accounts/{ACCOUNT}/fills?orderId={order['id']}")
    except BrokerError as error:
        print(f"error: {error}", file=sys.stderr)
        print(f"code: {error.code}")
        return 1

    if not fills:
        print(f"error: order {order['id']} ended {order['status']} with no fill", file=sys.stderr)
        print("code: no_fill")
        return 1
    for fill in fills:
        print(f"fill {fill['id']}: {fill['side']} {fill['qty']} {fill['symbol']} @ {fill['price']} "
              f"(commission {fill['commission']}, {fill['liquidity']}) at {fill['time']}")
    print(f"filled {order['filledQty']} of {order['qty']} at avg {order['avgFillPrice']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
