"""to_plain reads back to the same object; to_tex keeps decimals as decimals."""

import pytest
import sympy

from tutor.checking import parse_expression, to_plain, to_tex

ROUND_TRIP = [
    "2x+1",
    "3(x+1)",
    "x^2 y",
    "sqrt(x)",
    "|x-1|",
    "n!",
    "sin(x)^2",
    "asin(x)",
    "1.024e-7",
    "0.2",
    "e^x",
    "e",
    "i",
    "x <= 3",
    "x = 2 or x = -2",
    "1 < x < 3",
    "log(x, 2)",
    "ln(x)",
    "x/(x+1)",
    "2^(1/3)",
    "-x^(-2)",
    "oo",
    "1/2",
    "0.1 + x",
    "2.50",
    "1e20 x",
    "x^(2/3)",
    "exp(2)",
    "(x+1)^2/3",
    "sec(x)",
    "-1/(2x)",
    "x - y",
    "pi/2",
    "sqrt(2)/2",
    "x != 1",
    "3 + 4i",
    "cosh(x) - sinh(x)",
    "acot(x)",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_plain_reads_back(text):
    value = parse_expression(text)
    assert parse_expression(to_plain(value)) == value


def test_plain_round_trip_with_declared_e():
    value = parse_expression("e x", symbols=["e"])
    assert parse_expression(to_plain(value), symbols=["e"]) == value


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("0.2", "0.2"),
        ("1.5 x", "1.5 x"),
        ("1/5", "\\frac{1}{5}"),
        ("x^2", "x^{2}"),
        ("ln(x)", "\\ln\\left(x\\right)"),
        ("1.024e-7", "1.024 \\cdot 10^{-7}"),
        ("asin(x)", "\\arcsin\\left(x\\right)"),
        ("1/(x+1)", "\\frac{1}{x + 1}"),
        ("-(x+1)", "-x - 1"),
        ("oo", "\\infty"),
        ("x = 2", "x = 2"),
        (
            "log(x, 2)",
            "\\frac{\\ln\\left(2\\right)}{\\ln\\left(2\\right)}".replace(
                "2\\right)}{", "x\\right)}{"
            ),
        ),
    ],
)
def test_tex(text, tex):
    assert to_tex(parse_expression(text)) == tex


def test_tex_of_plain_sympy():
    assert to_tex(sympy.Float("0.25")) == "0.25"


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("3(6n+7)", "3 \\left(6 n + 7\\right)"),
        ("2/4", "\\frac{2}{4}"),
        ("x*(-y)", "x \\left(-y\\right)"),
        ("0.50", "0.50"),
        ("1.024e-7", "1.024 \\cdot 10^{-7}"),
        ("x - 2y", "x - 2 y"),
        ("sin^2(x)", "\\sin\\left(x\\right)^{2}"),
        ("ln|x|", "\\ln\\left(\\left|x\\right|\\right)"),
        ("x <= 3", "x \\leq 3"),
    ],
)
def test_tex_as_typed(text, tex):
    from tutor.checking.parser import parse

    assert parse(text, tex=True) == tex
