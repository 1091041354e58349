"""Households, headless: search (names, pinyin initials, ID tails), its term index, and the
list and detail read-models the GUI shows. Rows leave here already masked."""
