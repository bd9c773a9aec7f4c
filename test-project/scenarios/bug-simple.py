"""Stock reports as JSON."""

LOW_STOCK_THRESHOLD = 5


def build_report(items):
    """Returns the item count, total stock value and the SKUs running low."""
    total = sum(item["quantity"] * item["unit_price"] for item in items)
    low = sorted(item["sku"] for item in items if item["quantity"] < LOW_STOCK_THRESHOLD)
    return {"items": len(items), "total_value": round(total, 2), "low_stock": low}


def report_json(items):
    """Returns the report of `items` as a JSON string with sorted keys."""
    return json.dumps(build_report(items), sort_keys=True)
