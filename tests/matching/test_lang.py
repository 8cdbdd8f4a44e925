from liaison.matching.lang import analyze, detect_lang, normalize_hebrew


def test_detect_lang_tells_chinese_hebrew_and_english_by_script():
    assert detect_lang("寻求储能电池管理技术") == "zh"
    assert detect_lang("מערכת ניהול סוללות") == "he"
    assert detect_lang("Battery management for grid storage") == "en"
    assert detect_lang("储能电池 BMS") == "zh"
    assert detect_lang("12345", default="en") == "en"


def test_hebrew_normalization_drops_niqqud_and_folds_final_letters():
    assert normalize_hebrew("שָׁלוֹם") == "שלומ"
    assert normalize_hebrew("שלום") == "שלומ"
    assert analyze("מֶלֶךְ") == analyze("מלך") == ["מלכ"]


def test_chinese_is_segmented_into_words_not_characters():
    terms = analyze("储能电池管理系统")
    assert "储能" in terms
    assert "电池" in terms
    assert all(len(t) > 1 for t in terms)


def test_mixed_text_keeps_latin_words_and_drops_stop_words():
    assert analyze("The BMS for 储能") == ["bms", "储能"]
    assert analyze("Drip-irrigation and sensors") == ["drip", "irrigation", "sensors"]
