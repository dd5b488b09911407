from phinong.search.segment import normalise, parse_query, segment


def test_it_splits_thai_into_words_without_finding_na_inside_bank() -> None:
    words = segment("ชุมชนตั้งธนาคารอาหาร และทำโคก หนอง นา")
    assert words == ["ชุมชน", "ตั้ง", "ธนาคาร", "อาหาร", "และ", "ทำ", "โคก", "หนอง", "นา"]
    assert "นา" not in segment("ฝากเงินที่ธนาคาร ใช้เวลานาน ๑๐ นาที มะนาว")


def test_it_splits_domain_compounds_into_their_words() -> None:
    assert segment("ชาวนาทำนาข้าว") == ["ชาว", "นา", "ทำ", "นา", "ข้าว"]
    assert segment("เลี้ยงปลานิล") == ["เลี้ยง", "ปลา", "นิล"]
    assert "หมู" not in segment("หมู่บ้าน หมู่ที่ 3")


def test_it_normalises_digits_case_spaces_and_zero_width() -> None:
    assert normalise("  ๒๕  ครัว\u200bเรือน COVID ") == "25 ครัวเรือน covid"
    assert segment("โควิด-19") == ["โควิด", "19"]


def test_quoted_text_is_a_phrase_and_runs_are_anded() -> None:
    assert parse_query('"อาหาร ชุมชน" ผัก') == [("อาหาร", "ชุมชน"), ("ผัก",)]
    assert parse_query("ธนาคารอาหาร  ผู้สูงอายุ") == [("ธนาคาร", "อาหาร"), ("ผู้สูงอายุ",)]
    assert parse_query('"ไม่ ปิด') == [("ไม่",), ("ปิด",)]  # an unclosed quote is ignored
    assert parse_query(" - ") == []
