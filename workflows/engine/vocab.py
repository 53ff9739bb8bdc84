"""Words the engine recognises in en/ar/ckb: keywords, labels, commands, needs and answers.

Every table maps a *folded* word (see `normalize.fold`) to a value, so spelling variants (ي/ی, ك/ک,
أ/ا, ڕ/ر ...) match without listing each one. Keep entries lower-case as people type them; they are
folded once at import. Map words with tables, not if-chains.
"""

from __future__ import annotations

from core.models.reports import NEEDS
from workflows.engine.normalize import fold


def _table(entries: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Return {folded word: value} from {value: words}."""
    return {fold(word): value for value, words in entries.items() for word in words}


REPORT_KEYWORDS = frozenset(fold(w) for w in ("dtm", "report", "تقرير", "ڕاپۆرت", "راپورت"))

LABELS = _table(
    {
        "families": ("f", "fam", "families", "family", "ع", "عوائل", "عائلات", "اسر", "أسر", "خ", "خێزان"),
        "individuals": ("i", "ind", "people", "individuals", "ف", "افراد", "أفراد", "ک", "کەس", "تاک"),
        "needs": ("n", "needs", "need", "ح", "احتياجات", "حاجات", "پ", "پێداویستی", "پێداویستییەکان"),
    }
)

# Needs in the order of core.models.reports.NEEDS: the list position + 1 is the code KIs send.
NEED_WORDS = _table(
    {
        "food": ("food", "غذاء", "غذا", "طعام", "اكل", "خۆراک", "خواردن"),
        "drinking_water": (
            "water",
            "drinking water",
            "ماء",
            "مياه",
            "مياه الشرب",
            "ماي",
            "ئاو",
            "ئاوی خواردنەوە",
        ),
        "shelter": (
            "shelter",
            "housing",
            "مأوى",
            "ماوى",
            "سكن",
            "مسكن",
            "حەوانەوە",
            "پەناگە",
            "شوێنی حەوانەوە",
        ),
        "nfi": (
            "nfi",
            "nfis",
            "non food",
            "non food items",
            "items",
            "مواد غير غذائية",
            "غير غذائية",
            "كەلوپەل",
        ),
        "health": ("health", "health care", "healthcare", "صحة", "رعاية صحية", "الصحة", "تەندروستی"),
        "sanitation": (
            "sanitation",
            "hygiene",
            "wash",
            "صرف صحي",
            "الصرف الصحي",
            "نظافة",
            "پاکوخاوێنی",
            "ئاوەڕۆ",
        ),
        "education": ("education", "school", "تعليم", "التعليم", "مدارس", "خوێندن", "پەروەردە"),
        "livelihoods": (
            "livelihoods",
            "livelihood",
            "jobs",
            "work",
            "سبل العيش",
            "عمل",
            "معيشة",
            "بژێوی",
            "کار",
        ),
        "legal": (
            "legal",
            "documentation",
            "documents",
            "وثائق",
            "مستمسكات",
            "قانونية",
            "بەڵگەنامە",
            "یاسایی",
        ),
        "psychosocial": ("psychosocial", "دعم نفسي", "نفسي", "دەروونی"),
        "protection": ("protection", "حماية", "الحماية", "پاراستن"),
        "cash": ("cash", "money", "نقد", "نقود", "مساعدات نقدية", "پارە", "دراو"),
    }
)
assert set(NEED_WORDS.values()) == set(NEEDS)  # every need has words; checked at import, costs nothing
NEED_MAX_WORDS = max(len(w.split()) for w in NEED_WORDS)

ACCESS_WORDS = _table(
    {
        "yes": ("yes", "y", "نعم", "اي", "ايه", "بەڵێ", "بەلێ", "ئا", "ئەری"),
        "partly": (
            "partly",
            "partial",
            "some",
            "جزئيا",
            "جزئي",
            "نوعا ما",
            "بەشێک",
            "بەشێوەیەکی بەشی",
            "کەمێک",
        ),
        "no": ("no", "n", "لا", "كلا", "نەخێر", "نا", "نە"),
    }
)

DONT_KNOW = frozenset(
    fold(w)
    for w in (
        "?",
        "dk",
        "don't know",
        "dont know",
        "do not know",
        "unknown",
        "لا اعرف",
        "لا أعرف",
        "ما اعرف",
        "غير معروف",
        "لا ادري",
        "نازانم",
        "نەزانراو",
    )
)

# Commands: whole-message matches. SMS opt-out words follow Twilio's list, whose carrier-level
# blocking we cannot override, so our behaviour must agree with it.
COMMANDS = _table(
    {
        "help": ("help", "info", "مساعدة", "مساعده", "يارمەتی", "یارمەتی"),
        "stop": (
            "stop",
            "stopall",
            "unsubscribe",
            "end",
            "quit",
            "توقف",
            "ايقاف",
            "إيقاف",
            "وەستان",
            "ڕاگرتن",
        ),
        "start": ("start", "unstop", "ابدأ", "ابدا", "بدء", "اشتراك", "دەستپێکردن", "دەستپێبکە"),
        "status": ("status", "حالة", "الحالة", "دۆخ", "بارودۆخ"),
        "cancel": ("cancel", "الغاء", "إلغاء", "هەڵوەشاندنەوە", "هەڵوەشانەوە", "پاشگەزبوونەوە"),
        "report": ("dtm", "report", "تقرير", "ڕاپۆرت", "راپورت"),
    }
)
# "cancel" is also a Twilio opt-out word: on SMS the carrier has already opted the sender out.
SMS_OPT_OUT_CANCEL = frozenset({fold("cancel")})
# Twilio also re-subscribes on YES; we follow it only for an opted-out SMS sender.
SMS_OPT_IN_EXTRA = frozenset({fold("yes")})

LANG_PREFIXES = frozenset(fold(w) for w in ("lang", "language", "لغة", "اللغة", "زمان"))
LANGUAGE_NAMES = _table(
    {
        "en": ("en", "english", "انكليزي", "انجليزي", "الانكليزية", "ئینگلیزی"),
        "ar": ("ar", "arabic", "عربي", "العربية", "عربی", "عەرەبی"),
        "ckb": ("ckb", "ku", "kurdish", "sorani", "كردي", "الكردية", "کوردی", "سۆرانی"),
    }
)
