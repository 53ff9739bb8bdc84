"""Count the SMS segments a text needs: GSM-7 (160/153 septets) or UCS-2 (70/67 code units).

Arabic and Sorani force UCS-2, so every character counts and a reply over 70 characters is already
two segments. The SMS adapter and the catalog tests use this to keep replies short.
"""

from __future__ import annotations

import math

# GSM 03.38 basic character set.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each costs two septets (escape + char).
_GSM_EXTENSION = frozenset("^{}\\[~]|€\f")


def count_segments(text: str) -> tuple[int, str]:
    """Return (segments, encoding) for text, encoding being "GSM-7" or "UCS-2"."""
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENSION for ch in text):
        septets = sum(2 if ch in _GSM_EXTENSION else 1 for ch in text)
        return (1 if septets <= 160 else math.ceil(septets / 153)), "GSM-7"
    units = len(text.encode("utf-16-le")) // 2  # astral characters take two code units
    return (1 if units <= 70 else math.ceil(units / 67)), "UCS-2"
