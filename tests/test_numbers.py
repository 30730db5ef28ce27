"""The number parser on hand-written cases."""
from decimal import Decimal

import pytest

from fazhigraph.numbers import NumberError, format_decimal, is_chinese, parse_number


@pytest.mark.parametrize("text, value", [
    ("一千二百三十四", 1234),
    ("1,914", 1914),
    ("12,345,678", 12345678),
    ("65.2256万", 652256),
    ("72万", 720000),
    ("1.5亿", 150000000),
    ("3千", 3000),
    ("二十", 20),
    ("十五", 15),
    ("十", 10),
    ("一百零五", 105),
    ("三万五千", 35000),
    ("三百零二万", 3020000),
    ("一亿二千万", 120000000),
    ("两", 2),
    ("两百", 200),
    ("零", 0),
    ("0", 0),
    ("百", 100),
    ("千", 1000),
    ("十万", 100000),
    ("一万二", 12000),  # abbreviated spoken form
    ("三千五", 3500),
    ("二〇二一", 2021),  # digit by digit
])
def test_values(text, value):
    assert parse_number(text) == Decimal(value)


def test_decimals_keep_their_digits():
    assert parse_number("9.1") == Decimal("9.1")
    assert format_decimal(parse_number("1,234.50")) == "1234.5"
    assert format_decimal(parse_number("65.2256万")) == "652256"


def test_qualifier_is_not_part_of_the_number():
    with pytest.raises(NumberError):
        parse_number("二十余")


@pytest.mark.parametrize("text", ["十百", "十三五", "abc", "", "1,2"])
def test_not_numbers(text):
    with pytest.raises(NumberError):
        parse_number(text)


def test_is_chinese():
    assert is_chinese("两千") and not is_chinese("2千") and not is_chinese("")
