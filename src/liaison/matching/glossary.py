"""Key terms across languages: the same concept in English, Chinese and Hebrew, so that a
match's reasons can show a term both sides use in their own language ("储能 ↔ energy
storage"), which the lexical signal cannot see (it only shares identical words).

A small hand-written glossary of the terms that carry meaning in the platform's fields
(energy, mobility, health, agriculture, water, security, AI, robotics, chips, finance, ...);
each concept lists its forms per language, most specific first. Matching is by substring for
Chinese (no spaces) and Hebrew (prefixes such as ה, ו, ב, ל, ש attach to the word), and by
whole words (optional plural "s") for English.
"""

from __future__ import annotations

import re
from functools import lru_cache

# concept -> (English forms, Chinese forms, Hebrew forms); the first form of each is shown.
CONCEPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "energy-storage": (("energy storage", "grid storage", "grid-scale storage"), ("储能",), ("אגירת אנרגיה",)),
    "battery-management": (("battery management", "bms"), ("电池管理",), ("ניהול סוללות",)),
    "battery": (("battery", "batteries"), ("电池",), ("סוללה", "סוללות", "מצבר")),
    "thermal-runaway": (("thermal runaway",), ("热失控",), ("בריחה תרמית",)),
    "sodium-ion": (("sodium-ion", "sodium ion"), ("钠离子",), ("נתרן-יון", "נתרן יון")),
    "lithium": (("lithium",), ("锂",), ("ליתיום",)),
    "solar": (("solar", "photovoltaic"), ("光伏", "太阳能"), ("סולארי", "סולארית", "פוטו-וולטאי")),
    "inverter": (("inverter",), ("逆变器",), ("ממיר", "ממירים")),
    "hydrogen": (("hydrogen",), ("氢能", "氢"), ("מימן",)),
    "smart-grid": (("smart grid",), ("智能电网",), ("רשת חכמה",)),
    "electric-vehicle": (("electric vehicle", "ev charging"), ("电动汽车", "新能源汽车"), ("רכב חשמלי", "רכבים חשמליים")),
    "autonomous-driving": (("autonomous driving", "self-driving"), ("自动驾驶",), ("נהיגה אוטונומית",)),
    "sensor": (("sensor", "sensors"), ("传感器",), ("חיישן", "חיישנים")),
    "drone": (("drone", "drones", "uav"), ("无人机",), ("רחפן", "רחפנים")),
    "satellite": (("satellite",), ("卫星",), ("לוויין",)),
    "robot": (("robot", "robots", "robotics"), ("机器人",), ("רובוט", "רובוטים", "רובוטיקה")),
    "computer-vision": (("computer vision",), ("计算机视觉", "机器视觉"), ("ראייה ממוחשבת",)),
    "artificial-intelligence": (("artificial intelligence", "ai"), ("人工智能",), ("בינה מלאכותית",)),
    "machine-learning": (("machine learning",), ("机器学习",), ("למידת מכונה",)),
    "language-model": (("large language model", "llm"), ("大语言模型", "大模型"), ("מודל שפה", "מודלי שפה")),
    "chip": (("chip", "chips"), ("芯片",), ("שבב", "שבבים")),
    "semiconductor": (("semiconductor",), ("半导体",), ("מוליכים למחצה", "מוליך למחצה")),
    "cybersecurity": (("cybersecurity", "cyber security", "cyber"), ("网络安全",), ("סייבר", "אבטחת מידע")),
    "zero-trust": (("zero trust", "zero-trust"), ("零信任",), ("אפס אמון",)),
    "industrial-control": (("industrial control",), ("工业控制",), ("בקרה תעשייתית",)),
    "medical-device": (("medical device",), ("医疗器械",), ("מכשור רפואי", "מכשיר רפואי")),
    "medical-imaging": (("medical imaging",), ("医学影像",), ("הדמיה רפואית",)),
    "remote-monitoring": (("remote patient monitoring", "remote monitoring"), ("远程监护", "远程病人监护"),
                          ("ניטור מרחוק", "ניטור מטופלים מרחוק")),
    "diagnosis": (("diagnosis", "diagnostics"), ("诊断",), ("אבחון",)),
    "drug": (("drug", "pharmaceutical"), ("药物", "制药"), ("תרופה", "תרופות")),
    "drip-irrigation": (("drip irrigation",), ("滴灌",), ("השקיה בטפטוף",)),
    "irrigation": (("irrigation",), ("灌溉",), ("השקיה",)),
    "agriculture": (("agriculture", "agritech", "agricultural"), ("农业",), ("חקלאות", "חקלאי")),
    "alternative-protein": (("alternative protein",), ("替代蛋白",), ("חלבון אלטרנטיבי",)),
    "water-treatment": (("water treatment", "desalination"), ("水处理", "海水淡化"), ("טיהור מים", "התפלה")),
    "recycling": (("recycling", "reuse"), ("回收", "再利用"), ("מיחזור",)),
    "payments": (("payments", "payment"), ("支付",), ("תשלומים", "תשלום")),
    "fraud-detection": (("fraud detection",), ("反欺诈",), ("זיהוי הונאות",)),
    "blockchain": (("blockchain",), ("区块链",), ("בלוקצ'יין",)),
    "cloud": (("cloud computing", "cloud"), ("云计算", "云"), ("ענן",)),
    "iot": (("internet of things", "iot"), ("物联网",), ("אינטרנט של הדברים",)),
    "smart-city": (("smart city",), ("智慧城市",), ("עיר חכמה",)),
    "augmented-reality": (("augmented reality",), ("增强现实",), ("מציאות רבודה",)),
    "virtual-reality": (("virtual reality",), ("虚拟现实",), ("מציאות מדומה",)),
    "e-commerce": (("e-commerce", "ecommerce"), ("电商", "电子商务"), ("מסחר מקוון",)),
    "logistics": (("logistics",), ("物流",), ("לוגיסטיקה",)),
    "education": (("education",), ("教育",), ("חינוך",)),
    "new-materials": (("new materials", "advanced materials"), ("新材料",), ("חומרים חדשים", "חומרים מתקדמים")),
    "licensing": (("licensing", "license"), ("许可",), ("רישוי",)),
    "distribution": (("distribution", "distributor", "distributors"), ("分销",), ("הפצה", "מפיצים")),
    "investment": (("investment", "investors", "investor"), ("投资", "融资"), ("השקעה", "משקיעים")),
    "joint-research": (("joint research", "joint r&d", "joint development"), ("联合研究", "联合研发", "联合开发"),
                       ("מחקר משותף", "פיתוח משותף")),
    "pilot": (("pilot", "pilots"), ("试点",), ("פיילוט",)),
}
LANGS = ("en", "zh", "he")


@lru_cache(maxsize=1)
def _english_patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for concept, (en, _zh, _he) in CONCEPTS.items():
        words = "|".join(re.escape(f) for f in sorted(en, key=len, reverse=True))
        out[concept] = re.compile(rf"(?<![\w-])(?:{words})s?(?![\w-])", re.IGNORECASE)
    return out


@lru_cache(maxsize=1)
def _forms() -> list[tuple[str, str, str]]:
    """(concept, language, form) for every form, in `CONCEPTS` order."""
    return [(concept, lang, form) for concept, forms in CONCEPTS.items()
            for lang, lang_forms in zip(LANGS, forms, strict=True) for form in lang_forms]


def concepts_in(text: str) -> dict[str, dict[str, str]]:
    """concept -> {language: the form found in `text`} for each concept the text names."""
    found: dict[str, dict[str, str]] = {}
    if not text:
        return found
    lowered = text.lower()
    # One pass of substring tests over all forms: an English pattern (the forms between
    # word boundaries) can only match where one of its forms is a substring, so only
    # those concepts' patterns are searched.
    present = {(concept, lang) for concept, lang, form in _forms() if form in lowered}
    if not present:
        return found
    patterns = _english_patterns()
    for concept, forms in CONCEPTS.items():
        hit: dict[str, str] = {}
        if (concept, "en") in present and patterns[concept].search(text):
            hit["en"] = forms[0][0]
        for lang, lang_forms in (("zh", forms[1]), ("he", forms[2])):
            if (concept, lang) in present:
                hit[lang] = lang_forms[0]
        if hit:
            found[concept] = hit
    return found


@lru_cache(maxsize=8192)
def cached_concepts(text: str) -> dict[str, dict[str, str]]:
    """`concepts_in`, kept for recent texts (read only): a list is explained again each
    time a counterpart enters it, with mostly the same counterparts and the same source."""
    return concepts_in(text)


def pairs(source_text: str, target_text: str, *, source: dict[str, dict[str, str]] | None = None,
          limit: int = 3) -> list[tuple[str, str]]:
    """(the source's form, the target's form) of concepts both texts name in different
    languages only (a term shared in one language is a plain shared term), most specific
    first: [("储能", "energy storage")]."""
    src = concepts_in(source_text) if source is None else source
    if not src:
        return []
    tgt = cached_concepts(target_text)
    out: list[tuple[str, str]] = []
    for concept, s_forms in src.items():
        t_forms = tgt.get(concept)
        if not t_forms or set(s_forms) & set(t_forms):
            continue
        s_lang = next(lang for lang in LANGS if lang in s_forms)
        t_lang = next(lang for lang in LANGS if lang in t_forms)
        pair = (s_forms[s_lang], t_forms[t_lang])
        if any(pair[0] in p[0] or pair[1] in p[1] for p in out):
            continue  # "电池" after "电池管理": the specific pair says it
        out.append(pair)
        if len(out) >= limit:
            break
    return out


def expansion(text: str) -> str:
    """The other languages' forms of the concepts `text` names ("储能" -> "energy storage
    אגירת אנרגיה"): added to a search's lexical terms so that it finds text written in
    another language by its words, not only by meaning."""
    out: list[str] = []
    for concept, found in concepts_in(text).items():
        forms = CONCEPTS[concept]
        for i, lang in enumerate(LANGS):
            if lang not in found:
                out.append(forms[i][0])
    return " ".join(out)
