import unittest

from inventory.pricing import apply_discount, basket_total, price_with_tax, round_up_cents


class PricingTest(unittest.TestCase):
    def test_round_up_cents(self):
        self.assertEqual(round_up_cents(1.001), 1.01)
        self.assertEqual(round_up_cents(2.0), 2.0)

    def test_price_with_tax(self):
        self.assertEqual(price_with_tax(10.0), 12.0)

    def test_apply_discount(self):
        self.assertEqual(apply_discount(100.0, 15), 85.0)
        with self.assertRaises(ValueError):
            apply_discount(100.0, 120)

    def test_basket_total(self):
        self.assertEqual(basket_total([10.0, 5.0], discount_percent=10), 16.2)


if __name__ == "__main__":
    unittest.main()
