import json
import unittest

from inventory.report import build_report, report_json

ITEMS = [
    {"sku": "A-1", "quantity": 10, "unit_price": 2.5},
    {"sku": "B-2", "quantity": 3, "unit_price": 10.0},
    {"sku": "C-3", "quantity": 0, "unit_price": 99.0},
]


class ReportTest(unittest.TestCase):
    def test_build_report_counts_value_and_low_stock(self):
        self.assertEqual(build_report(ITEMS), {"items": 3, "total_value": 55.0, "low_stock": ["B-2", "C-3"]})

    def test_report_json_is_sorted_json(self):
        self.assertEqual(json.loads(report_json(ITEMS))["low_stock"], ["B-2", "C-3"])
        self.assertTrue(report_json(ITEMS).startswith('{"items": 3'))


if __name__ == "__main__":
    unittest.main()
