from phinong.geo.codes import code_range


def test_a_prefix_covers_the_codes_up_to_the_next_prefix() -> None:
    assert code_range("42") == ("42", "43")
    assert code_range("4201") == ("4201", "4202")
    lower, upper = code_range("19")
    assert lower <= "190101" < upper and not lower <= "200101" < upper
