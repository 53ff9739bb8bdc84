"""Unit tests of the text layer: normaliser, compact grammar, commands and SMS segment counting."""

from __future__ import annotations

import pytest

from workflows.engine.commands import Command, parse_command
from workflows.engine.grammar import Compact, GrammarError, parse_compact
from workflows.engine.normalize import fold, normalize
from workflows.sms_segments import count_segments


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("١٢٣٤٥٦٧٨٩٠", "1234567890"),  # Arabic-Indic
        ("۱۲۳۴۵۶۷۸۹۰", "1234567890"),  # Extended Arabic-Indic (Persian/Sorani keyboards)
        ("١٬٢٠٠", "1200"),  # Arabic thousands separator disappears
        ("١٢٫٥", "12.5"),  # Arabic decimal separator
        ("ع، ف", "ع, ف"),  # Arabic comma
        ("عـــوائل", "عوائل"),  # tatweel
        ("أَفْرَادٌ", "أفراد"),  # harakat
        ("  DTM \n  F\t120 ", "dtm f 120"),  # whitespace and case
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_fold_unifies_letter_variants_but_normalize_keeps_them() -> None:
    assert fold("کەس") == fold("كهس")
    assert fold("ی") == fold("ي") == fold("ى")
    assert fold("ڕاپۆرت") == fold("راپورت")
    assert normalize("کەس") == "کەس"  # Sorani spelling is kept for anything shown or stored


OK = {
    "dtm 10234 f120 i700 n 1 2": Compact(10234, 120, 700, ("food", "drinking_water")),
    "تقرير ١٠٢٣٤ ع ١٢٠ ف ٧٠٠ ح غذاء ماء": Compact(10234, 120, 700, ("food", "drinking_water")),
    "ڕاپۆرت ۱۰۲۳۴ خ ۱۲۰ ک ۷۰۰": Compact(10234, 120, 700, ()),
    "راپورت ۱۰۲۳۴ خێزان ۱۲۰ كەس ۷۰۰": Compact(10234, 120, 700, ()),
    "REPORT 10234 FAMILIES 120 PEOPLE 700 NEEDS drinking water, cash": Compact(
        10234, 120, 700, ("drinking_water", "cash")
    ),
    "DTM 10234 FAM 120 IND 700": Compact(10234, 120, 700, ()),
    "تقرير 10234 عوائل 120 افراد 700 احتياجات صحة": Compact(10234, 120, 700, ("health",)),
    "تقرير 10234 أسر 120": Compact(10234, 120, None, ()),
    "ڕاپۆرت 10234 خ 120 پێداویستی خۆراک": Compact(10234, 120, None, ("food",)),
    "dtm f 120": Compact(None, 120, None, ()),
    "dtm 10234 120 700": Compact(10234, 120, 700, ()),
    "dtm 10234 120": Compact(10234, 120, None, ()),
    "dtm10234f120i700": Compact(10234, 120, 700, ()),
    "dtm 10234 f 0": Compact(10234, 0, None, ()),
    "dtm 10234 f-5": Compact(10234, 5, None, ()),  # a glued dash is a separator
    "تقرير ١٠٢٣٤ ع ١٢٠ ح غذاء وماء": Compact(10234, 120, None, ("food", "drinking_water")),
    "dtm 1 f 5 n 1 1": Compact(1, 5, None, ("food",)),
    "DTM 10234 F 120.": Compact(10234, 120, None, ()),
}


@pytest.mark.parametrize("text", list(OK))
def test_compact_accepted(text: str) -> None:
    assert parse_compact(text) == OK[text]


@pytest.mark.parametrize("sep", [" ", ",", "،", ";", ":", "=", "-", "/", "\n", " , "])
def test_every_separator(sep: str) -> None:
    text = sep.join(["DTM", "10234", "F", "120", "I", "700", "N", "1", "2"])
    assert parse_compact(text) == Compact(10234, 120, 700, ("food", "drinking_water"))


ERRORS = {
    "dtm": "keyword_only",
    "dtm 10234 i 700": "missing_families",
    "dtm 10234 f": "missing_number",
    "dtm 10234 f i 700": "missing_number",
    "dtm 10234 f -5": "negative_number",
    "dtm 10234 f=-5": "negative_number",
    "تقرير ١٠٢٣٤ ع -٥": "negative_number",
    "dtm 10234 f 12.5": "bad_number",
    "تقرير ١٠٢٣٤ ع ١٢٫٥": "bad_number",
    "dtm 10234 f 120 n 13": "unknown_need",
    "dtm 10234 f 120 n bread": "unknown_need",
    "dtm 10234 f 120 n": "unknown_need",
    "dtm 10234 f 120 n 1 2 3 4": "too_many_needs",
    "dtm 10234 f 120 i 100": "individuals_less_than_families",
    "dtm 10234 f 120 x 5": "unknown_label",
    "dtm 10234 f 1,200": "unexpected_number",
    "dtm 10234 120 700 800 900": "unexpected_number",
    "dtm 10234": "missing_families",
    "dtm 10234 f 120 f 130": "duplicate_label",
    "dtm 10234 f 99999999999999999999999999999": "too_large",
    "dtm 10234 f 60000": "too_large",
    "dtm askari f 120": "place_not_number",
}


@pytest.mark.parametrize("text", list(ERRORS))
def test_compact_refused_with_precise_code(text: str) -> None:
    result = parse_compact(text)
    assert isinstance(result, GrammarError)
    assert result.code == ERRORS[text]


@pytest.mark.parametrize("text", ["hello", "120", "", "stop", "dtmx 1 f 2"])
def test_not_a_compact_report(text: str) -> None:
    assert parse_compact(text) is None


@pytest.mark.parametrize(
    ("text", "channel", "expected"),
    [
        ("STOP", "sms", Command("stop")),
        (" stopall ", "telegram", Command("stop")),
        ("Unsubscribe", "sms", Command("stop")),
        ("quit", "sms", Command("stop")),
        ("END", "sms", Command("stop")),
        ("توقف", "sms", Command("stop")),
        ("CANCEL", "sms", Command("stop")),  # Twilio opts the sender out at carrier level
        ("cancel", "telegram", Command("cancel")),
        ("إلغاء", "sms", Command("cancel")),
        ("هەڵوەشاندنەوە", "sms", Command("cancel")),
        ("help", "sms", Command("help")),
        ("/help", "telegram", Command("help")),
        ("مساعدة", "sms", Command("help")),
        ("START", "sms", Command("start")),
        ("/start", "telegram", Command("start")),
        ("lang ckb", "sms", Command("lang", "ckb")),
        ("LANG English", "sms", Command("lang", "en")),
        ("لغة عربي", "sms", Command("lang", "ar")),
        ("کوردی", "sms", Command("lang", "ckb")),
        ("lang xx", "sms", Command("lang", None)),
        ("status", "sms", Command("status")),
        ("تقرير", "sms", Command("report")),
        ("please stop the count", "sms", None),
        ("yes", "sms", None),
    ],
)
def test_commands(text: str, channel: str, expected: Command | None) -> None:
    assert parse_command(text, channel) == expected


def test_yes_opts_back_in_only_for_opted_out_sms() -> None:
    assert parse_command("YES", "sms", opted_out=True) == Command("start")
    assert parse_command("YES", "telegram", opted_out=True) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (1, "GSM-7")),
        ("a" * 160, (1, "GSM-7")),
        ("a" * 161, (2, "GSM-7")),
        ("a" * 306, (2, "GSM-7")),
        ("€" * 80, (1, "GSM-7")),  # extension characters cost two septets
        ("€" * 81, (2, "GSM-7")),
        ("ع" * 70, (1, "UCS-2")),
        ("ع" * 71, (2, "UCS-2")),
        ("ع" * 134, (2, "UCS-2")),
        ("ع" * 135, (3, "UCS-2")),
        ("a" * 69 + "ع", (1, "UCS-2")),  # one Arabic letter turns the whole text UCS-2
    ],
)
def test_count_segments(text: str, expected: tuple[int, str]) -> None:
    assert count_segments(text) == expected
