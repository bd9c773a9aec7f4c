"""A tiny inventory library: stock reports and prices."""
