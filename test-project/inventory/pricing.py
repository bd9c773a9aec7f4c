"""Prices with tax and discounts."""
import math

TAX_RATE = 0.2


def round_up_cents(amount):
    """Rounds `amount` up to the next cent."""
    return math.ceil(round(amount * 100, 6)) / 100


def price_with_tax(net):
    """Returns the gross price of a net price."""
    return round_up_cents(net * (1 + TAX_RATE))


def apply_discount(price, percent):
    """Returns `price` less `percent` per cent."""
    if percent < 0 or percent > 100:
        raise ValueError("discount must be between 0 and 100")
    return round_up_cents(price * (100 - percent) / 100)


def basket_total(net_prices, discount_percent=0):
    """Returns the gross total of a basket after the discount."""
    subtotal = sum(price_with_tax(net) for net in net_prices)
    return apply_discount(subtotal, discount_percent)
