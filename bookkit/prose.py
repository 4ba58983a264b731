"""Numbers and lists as words, for sentences written from data ("three of the five", "a, b and c")."""

from __future__ import annotations

from collections.abc import Iterable

SMALL = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def count_word(number: int, zero: str = "no") -> str:
    """Counts up to ten in words, as house style writes them; larger counts in figures."""
    number = int(number)
    if number < 0:
        raise ValueError(f"a count cannot be negative: {number}")
    if number == 0:
        return zero
    return SMALL[number] if number < len(SMALL) else f"{number:,}"


def join_words(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(item) for item in items]
    if not items:
        raise ValueError("nothing to list")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
