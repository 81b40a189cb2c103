"""The table of answer-test cases: used by the test suite and by bench/checking.py.

Each case is (test, response, expected, options, outcome). The outcome is "correct", "wrong",
"invalid", or a note that the verdict must carry (a form note such as "equivalent-not-factored"
is a wrong answer with that note).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    test: str
    response: str
    expected: object
    outcome: str
    options: dict = field(default_factory=dict)

    @property
    def should_accept(self) -> bool:
        return self.outcome.startswith("correct")


def _table(test: str, rows: str, options: dict | None = None) -> list[Case]:
    """Rows 'response :: expected :: outcome', one a line; ' #' starts a comment."""
    cases = []
    for line in rows.strip().splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        response, expected, outcome = (part.strip() for part in line.split(" :: "))
        response = "" if response == "<empty>" else response
        cases.append(Case(test, response, expected, outcome, dict(options or {})))
    return cases


ALG_EQUIV = _table(
    "AlgEquiv",
    """
3(6n+7) :: 18n+21 :: correct
18n+21 :: 3(6n+7) :: correct
18n+20 :: 3(6n+7) :: wrong
3(6n+7) :: 18n+7 :: wrong
x^2+2x+1 :: (x+1)^2 :: correct
x^2+x+1 :: (x+1)^2 :: wrong
(x-1)^2 :: x^2-2x+1 :: correct
(x-1)(x^2+x+1) :: x^3-1 :: correct
(x-1)(x^2+x+1) :: x^3+1 :: wrong
(x-1)^(-2) :: 1/(x^2-2x+1) :: correct
1/n - 1/(n+1) :: 1/(n(n+1)) :: correct
1/n + 1/(n+1) :: 1/(n(n+1)) :: wrong
0.5x^2+3x-1 :: x^2/2+3x-1 :: correct
x-1 :: (x^2-1)/(x+1) :: correct
x+1 :: (x^2-1)/(x+1) :: wrong
2x y :: 2 y x :: correct
(a+b)^3 :: a^3+3a^2 b+3a b^2+b^3 :: correct
(a+b)^3 :: a^3+3a^2 b+3a b^2+b^2 :: wrong
(a-b)(a+b) :: a^2-b^2 :: correct
(a-b)^2 :: (b-a)^2 :: correct
(a-b)^3 :: (b-a)^3 :: wrong
4^(-1/2) :: 1/2 :: correct
4^(1/2) :: sqrt(4) :: correct
sqrt(4) :: 2 :: correct
sqrt(4) :: -2 :: wrong
0.5 :: 1/2 :: correct
0.25 :: 1/4 :: correct
0.33 :: 1/3 :: decimal-for-exact # close to its written places: ask for the exact value
0.333333333333333 :: 1/3 :: decimal-for-exact
452 :: 4.52*10^2 :: correct
451 :: 4.52*10^2 :: wrong
5.1e-2 :: 51/1000 :: correct
5.2e-2 :: 51/1000 :: wrong
(0.5+x)*2 :: 2x+1 :: correct
50% :: 1/2 :: correct
25% :: 1/2 :: wrong
2.5% :: 0.025 :: correct
sqrt(-1) :: i :: correct
i^2 :: -1 :: correct
e^(i pi) :: -1 :: correct
e^(i pi/2) :: i :: correct
(1+i)^2 :: 2i :: correct
(1+i)^2 :: 2 :: wrong
i/sqrt(x) :: sqrt(-1/x) :: correct
x^(1/2) :: sqrt(x) :: correct
sqrt(x^2) :: x :: wrong
x :: sqrt(x^2) :: wrong
|x| :: sqrt(x^2) :: correct
abs(x) :: sqrt(x^2) :: correct
sqrt(x)^2 :: x :: correct
1/sqrt(x) :: sqrt(1/x) :: correct
sqrt((x-3)(x-5)) :: sqrt(x-3) sqrt(x-5) :: correct # the same wherever both are defined (x >= 5)
sqrt(12) :: 2sqrt(3) :: correct
sqrt(12) :: 3sqrt(2) :: wrong
sqrt(11+6sqrt(2)) :: 3+sqrt(2) :: correct
sqrt(11+6sqrt(2)) :: 3+sqrt(3) :: wrong
sqrt(2)sqrt(3) :: sqrt(6) :: correct
sqrt(k/m) sqrt(m/k) :: 1 :: correct # 1 wherever it is defined (k/m > 0), as STACK judges
sqrt(k/m) sqrt(m/k) :: sqrt(k/m) sqrt(m/k) :: correct
2+2sqrt(3+x) :: 2+sqrt(12+4x) :: correct
a^b a^c :: a^(b+c) :: correct
(x-a)^6000 :: (a-x)^6000 :: correct
(x-a)^6000 :: (x-a)^5999 :: wrong
(k+8)/(k^2+4k-12) :: (k+8)/((k-2)(k+6)) :: correct
(k+7)/(k^2+4k-12) :: (k+8)/(k^2+4k-12) :: wrong
cos(x) :: cos(-x) :: correct
sin(x) :: sin(-x) :: wrong
cos(x)^2+sin(x)^2 :: 1 :: correct
sin(2x) :: 2 sin(x) cos(x) :: correct
sin(2x) :: 2 sin(x) :: wrong
cos(x+y) :: cos(x)cos(y) - sin(x)sin(y) :: correct
cos(x+y) :: cos(x)cos(y) + sin(x)sin(y) :: wrong
2cos(x)^2-1 :: cos(2x) :: correct
1-2sin(x)^2 :: cos(2x) :: correct
1+2sin(x)^2 :: cos(2x) :: wrong
tan(x) :: sin(x)/cos(x) :: correct
sec(x)^2 - tan(x)^2 :: 1 :: correct
1+cosec(3x) :: 1+csc(3x) :: correct
cot(x) :: 1/tan(x) :: correct
1/(1+exp(-2x)) :: tanh(x)/2+1/2 :: correct
cosh(x)^2 - sinh(x)^2 :: 1 :: correct
e^1 - e^(-1) :: 2 sinh(1) :: correct
arcsin(x) :: asin(x) :: correct
sin^-1(x) :: asin(x) :: correct
sin^2(x) :: sin(x)^2 :: correct
# they agree wherever both are defined (a, b > 0), as STACK judges
log(a^2 b) :: 2log(a)+log(b) :: correct
ln(x^2) :: 2 ln(x) :: correct # the same wherever both are defined (x > 0)
2 ln(x) :: ln(x^2) :: correct
ln(e^x) :: x :: correct
log(8, 2) :: 3 :: correct
log(8, 2) :: 4 :: wrong
ln(6) :: ln(2)+ln(3) :: correct
ln(6) :: ln(2) ln(3) :: wrong
e^(ln(3)) :: 3 :: correct
exp(x)exp(y) :: exp(x+y) :: correct
exp(x)+exp(y) :: exp(x+y) :: wrong
(n+1) n! :: (n+1)! :: correct
5! :: 120 :: correct
5! :: 24 :: wrong
pi :: 3.14159265358979 :: wrong
2pi :: 2 π :: correct
oo :: oo :: correct
oo :: -oo :: wrong
x = 1 :: x = 1 :: correct
1 = x :: x = 1 :: correct
x = 2 :: x = 1 :: wrong
2 = x :: x = 1 :: wrong
x + y = 1 :: y = 1 - x :: correct
x + y = 1 :: y = 1 + x :: wrong
2x + 2y = 1 :: y = 0.5 - x :: correct
1/x + 1/y = 2 :: y = x/(2x-1) :: correct
y = sin(2x) :: y/2 = cos(x) sin(x) :: correct
y = sin(2x) :: y = cos(x) sin(x) :: wrong
y = 2x + 1 :: 2x - y + 1 = 0 :: correct
y = 2x + 1 :: 2x - y - 1 = 0 :: wrong
x^2 = 4 :: x = 2 or x = -2 :: correct
x = 2 or x = -2 :: x^2 = 4 :: correct
x = 2 :: x^2 = 4 :: wrong
x = 2 or x = 3 :: x^2 - 5x + 6 = 0 :: correct
x = 2 or x = -3 :: x^2 - 5x + 6 = 0 :: wrong
(x-2)^2 = 0 :: x = 2 :: wrong
x = 1 :: (x-1)^3 = 0 :: wrong
x = y :: x^2 = y^2 :: wrong
(x-y)(x+y) = 0 :: x^2 = y^2 :: correct
a b = 0 :: a = 0 or b = 0 :: correct
a x = a y :: x = y :: wrong
a x = a y :: a = 0 or x = y :: correct
x = x :: y = y :: correct
sqrt(x) = sqrt(y) :: x = y :: wrong
y = sqrt(1-x^2) :: x^2+y^2 = 1 :: wrong
(x-1)(x+1)(y-1)(y+1) = 0 :: y^2+x^2 = 1+x^2 y^2 :: correct
x > 1 :: 1 < x :: correct
x < 1 :: x > 1 :: wrong
2 < 2x :: x > 1 :: correct
-2 > -2x :: x > 1 :: correct
x >= 1 :: x > 1 :: wrong
x > 1 :: x >= 1 :: wrong
x > 2 :: x > 1 :: wrong
2x >= x^2 :: x^2 <= 2x :: correct
x^2 > 4 :: x > 2 or x < -2 :: correct
x^2 > 4 :: x > 2 :: wrong
x^2 < 4 :: -2 < x < 2 :: correct
x^2 < 6 :: -2 < x < 2 :: wrong
x^2 <= 9 :: -3 <= x <= 3 :: correct
x^2 <= 9 :: -3 < x < 3 :: wrong
1 < x or x < -3 :: x < -3 or 1 < x :: correct
1 < x or x < -3 :: x < -1 or 3 < x :: wrong
x > 1 and x < 5 :: 5 > x and 1 < x :: correct
x >= 1 and x <= 1 :: x = 1 :: correct
x^4 >= 16 :: x^2 >= 4 :: correct
x^4 >= 0 :: x^2 >= 0 :: correct
1/x > 0 :: x > 0 :: correct
x != 2 :: 2 != x :: correct
x != 2 :: x < 2 or x > 2 :: correct
x - 3 != 0 :: x != 2 :: wrong
|x| < 1 :: |x| < 2 :: wrong
(a^b)^c :: a^(b c) :: wrong # b = 2, a < 0: |a|^(2c) against a^(2c)
a^b a^c :: a^(b+c) :: correct
(2^x)^y :: 2^(x y) :: correct
2^x 2^y :: 2^(x+y) :: correct
x^(2n) :: (x^2)^n :: wrong
1/sqrt(x) :: sqrt(1/x) :: correct
x sqrt(x) :: sqrt(x^3) :: correct
log(|x^2-9|) :: log(|x-3|) + log(|x+3|) :: correct
log(x) + log(y) :: log(x y) :: correct # x, y > 0
x + y = i :: y = i - x :: correct
2 = 3 :: 1 = 4 :: correct
1 = 1 :: x = 1 :: wrong
x + y = 1 :: x + y = 2 :: wrong
lg(1000) :: 3 :: correct
lg(8, 2) :: 3 :: correct
1 + cosech(3x) :: 1 + csch(3x) :: correct
3 :: x = 3 :: invalid
x = 3 :: 3 :: invalid
x^ :: x :: invalid
2x + :: 2x :: invalid
(x+1 :: x+1 :: invalid
x+1) :: x+1 :: invalid
xy :: x*y :: correct # x and y are the question's variables: a product, as PrairieLearn reads it
sinx :: sin(x) :: invalid
sin x :: sin(x) :: correct # a function applied without brackets, as PrairieLearn reads it
1/0 :: 1 :: invalid
x $ 2 :: x :: invalid
3,5 :: 3.5 :: invalid
<empty> :: 1 :: invalid
foo(x) :: x :: invalid
2 3 :: 6 :: invalid
f^^n :: f^n :: invalid
__import__('os') :: 1 :: invalid
""",
)

ALG_EQUIV_VARIABLES = _table(
    "AlgEquiv",
    """
2 theta :: theta + theta :: correct
theta^2 :: theta + theta :: wrong
2 e :: e + e :: correct
e^2 :: e e :: correct
""",
    {"variables": ["theta", "e"]},
)

NUM_RELATIVE = _table(
    "NumRelative",
    """
1.1 :: 1 :: wrong
1 + i :: 1 :: not-real
1.05 :: 1 :: correct
0.95 :: 1 :: correct
0.949 :: 1 :: wrong
1.05e33 :: 1e33 :: correct
1.06e33 :: 1e33 :: wrong
0.95e-33 :: 1e-33 :: correct
0.949e-33 :: 1e-33 :: wrong
1.06*10^-33 :: 1e-33 :: wrong
1.04×10^(-33) :: 1e-33 :: correct
22/7 :: pi :: correct
3 :: pi :: correct
2.9 :: pi :: wrong
x :: 1 :: invalid
x = 1.5 :: 1.5 :: invalid
1.5. :: 1.5 :: invalid
0 :: 0 :: correct
0.01 :: 0 :: correct
0.1 :: 0 :: wrong
95% :: 1 :: correct
""",
)

NUM_RELATIVE_TIGHT = _table(
    "NumRelative",
    """
3.14 :: pi :: correct
3.141 :: pi :: correct
3.15 :: pi :: wrong
1.414 :: sqrt(2) :: correct
1.41 :: sqrt(2) :: wrong
0.1353 :: e^-2 :: correct
0.135 :: e^-2 :: wrong
""",
    {"tol": 0.001},
)

NUM_ABSOLUTE = _table(
    "NumAbsolute",
    """
1.1 :: 1 :: wrong
1.05 :: 1 :: wrong # STACK's |r - e| < tol, in doubles: 1.05 - 1 is 0.050000000000000044
1.04 :: 1 :: correct
0.95 :: 1 :: wrong # likewise 1 - 0.95
0.96 :: 1 :: correct
68.8 :: 68.75 :: correct # in doubles 68.8 - 68.75 is 0.04999999999999716
0.949 :: 1 :: wrong
sqrt(-1) :: 1 :: not-real
0.94 :: 1 :: wrong
x^2 :: 1 :: invalid
""",
)

NUM_ABSOLUTE_TIGHT = _table(
    "NumAbsolute",
    """
0.0141 :: 1.41e-2 :: correct
1.41*10^-2 :: 0.0141 :: correct
0.00141 :: 1.41*10^-3 :: correct
0.0143 :: 0.0141 :: wrong
3.14 :: pi :: wrong
3.1416 :: pi :: correct
""",
    {"tol": 0.0001},
)

NUM_SIG_FIGS_3 = _table(
    "NumSigFigs",
    """
3.14 :: pi :: correct
3.15 :: pi :: wrong
3.141 :: 3.1415927 :: wrong-sig-figs
3.1 :: 3.1415927 :: wrong-sig-figs
0.00123 :: 0.001234567 :: correct
1.23e-3 :: 0.001234567 :: correct
1.23*10^-3 :: 0.001234567 :: correct
1.23×10^(-3) :: 0.001234567 :: correct
1.24e-3 :: 0.001234567 :: inaccurate
138*10^-3 :: 0.138 :: correct
-138*10^-3 :: -0.138 :: correct
138*10^-3 :: -0.138 :: inaccurate
2.15 :: 75701719/35227192 :: correct
0.0499 :: 0.04985 :: correct
0.0498 :: 0.04985 :: inaccurate
1.50 :: 1.5 :: correct
1.5 :: 1.5 :: wrong-sig-figs
1.500 :: 1.5 :: wrong-sig-figs
245.0 :: 245 :: wrong-sig-figs
180 :: 178.35 :: inaccurate
1170 :: 1174.34 :: correct
61300 :: 61250 :: correct
33 :: 33.1558 :: wrong-sig-figs
pi :: pi :: invalid
2/3 :: 0.667 :: invalid
""",
    {"n": 3},
)

NUM_SIG_FIGS_OTHER = [
    *_table(
        "NumSigFigs",
        """
9.8 :: 10 :: correct # STACK: within half a unit of the last place of 10 (to 2 figures)
9.6 :: 10 :: correct
9.4 :: 10 :: inaccurate
10 :: 9.96 :: correct # rounding 9.96 to 2 figures changes its magnitude: 10
1.0 :: 0.996 :: correct
0.99 :: 0.996 :: correct # within half of 0.1, the last place of 1.0
0.94 :: 0.996 :: inaccurate
10.1 :: 10 :: wrong-sig-figs
""",
        {"n": 2},
    ),
    *_table(
        "NumSigFigs",
        """
3.142 :: 3.1415927 :: correct
3.142 :: pi :: correct
3.141 :: 3.1415927 :: inaccurate
3.146 :: 3.1415927 :: inaccurate
-3.142 :: -3.1415927 :: correct
3.142 :: -3.1415927 :: inaccurate
0.1667 :: 0.1667 :: correct
0.1666 :: 0.1667 :: inaccurate
0.16667 :: 0.1667 :: wrong-sig-figs
1.235e-3 :: 0.001234567 :: correct
""",
        {"n": 4},
    ),
    *_table(
        "NumSigFigs",
        """
1000 :: 999 :: correct
-100 :: -149 :: inaccurate
5.3e21 :: 5.3e21 :: correct
5.4e21 :: 5.3e21 :: inaccurate
0.00 :: 0 :: correct
""",
        {"n": 2},
    ),
    *_table(
        "NumSigFigs",
        """
-100 :: -149 :: correct
-0.05 :: -0.0499 :: correct
0 :: 0 :: correct
""",
        {"n": 1},
    ),
    *_table(
        "NumSigFigs",
        """
3.142 :: 3.1415927 :: correct
3.143 :: 3.1415927 :: correct
3.150 :: 3.1415927 :: inaccurate
3.1416 :: 3.1415927 :: wrong-sig-figs
""",
        {"n": [4, 3]},
    ),
    *_table(
        "NumSigFigs",
        """
8.250 :: 8.250 :: correct
8.25 :: 8.250 :: wrong-sig-figs
8.250000 :: 8.250 :: correct
8.250434 :: 8.250 :: correct
0.1430 :: 1/7 :: inaccurate
0.1429 :: 1/7 :: correct
0.14285 :: 1/7 :: correct
0.14295 :: 1/7 :: inaccurate
""",
        {"n": [4, -1]},
    ),
    *_table(
        "NumSigFigs",
        """
0.0010 :: 0 :: correct
0.001 :: 0 :: wrong-sig-figs
100 :: 0 :: correct
10.0 :: 0 :: wrong-sig-figs
""",
        {"n": [2, 0]},
    ),
    *_table(
        "NumSigFigs",
        """
-(0.05) :: -0.0499 :: correct
(-0.05) :: -0.0499 :: correct
""",
        {"n": 1},
    ),
    *_table(
        "NumSigFigs",
        """
6.02214086e23 :: 6.02214086e23 :: correct
6.02214087e23 :: 6.02214086e23 :: inaccurate
""",
        {"n": 9},
    ),
]

EQUAL_COM_ASS = _table(
    "EqualComAss",
    """
1+2x :: x*2+1 :: correct
(x+y)+z :: z+x+y :: correct
(x+5)x :: x(5+x) :: correct
-1+2 :: 2-1 :: correct
x(-y) :: -x y :: correct
x(-y) :: -(x y) :: correct
(-x)/y :: -(x/y) :: correct
(a b)/c :: a(b/c) :: correct
1/(1+2x) :: 1/(2x+1) :: correct
exp(x) :: e^x :: correct
exp(x)^2 :: (e^x)^2 :: correct
y = x :: x = y :: correct
y = 1+2x :: y = 2x+1 :: correct
x < 1 and -3 < x :: -3 < x and x < 1 :: correct
2/4 :: 1/2 :: equivalent-not-same-form
3^2 :: 9 :: equivalent-not-same-form
3^2 :: 8 :: not-equivalent
sqrt(3) :: 3^(1/2) :: equivalent-not-same-form
4.0 :: 4 :: equivalent-not-same-form
1+x+x :: 2x+1 :: equivalent-not-same-form
1+x :: 2x+1 :: not-equivalent
x x :: x^2 :: equivalent-not-same-form
x(x+5) :: 5x+x^2 :: equivalent-not-same-form
(1-x)^2 :: (x-1)^2 :: equivalent-not-same-form
(-x)(-x) :: x x :: equivalent-not-same-form
x/(-y) :: -(x/y) :: equivalent-not-same-form
1/2*1/x :: 1/(2x) :: equivalent-not-same-form
1 x :: x :: equivalent-not-same-form
x+0 :: x :: equivalent-not-same-form
x^1 :: x :: equivalent-not-same-form
(1/2)(a+b) :: (a+b)/2 :: equivalent-not-same-form
exp(x)^2 :: e^(2x) :: equivalent-not-same-form
-6/5 > x :: x < -6/5 :: equivalent-not-same-form
x+1 :: y = 2x+1 :: invalid
""",
)

SUBST_EQUIV = _table(
    "SubstEquiv",
    """
x^2+1 :: x^2+1 :: correct
x^2+1 :: x^3+1 :: not-equivalent
X^2+1 :: x^2+1 :: correct-renamed
x^2+y :: a^2+b :: correct-renamed
x^2+y/z :: a^2+c/b :: correct-renamed
y = x^2 :: a^2 = b :: correct-renamed
x+1 > y :: y+1 > x :: correct-renamed
cos(a x)/(x ln(x)) :: cos(a y)/(y ln(y)) :: correct-renamed
A cos(t)+B sin(t) :: P cos(x)+Q sin(x) :: correct-renamed
sqrt(2 g y) :: sqrt(2 g x) :: correct-renamed
x^2+y :: a^2+b+c :: not-equivalent
x+y :: a b :: not-equivalent
""",
)

EXPANDED = _table(
    "Expanded",
    """
x^2-1 :: x^2-1 :: correct
2(x-1) :: 2x-2 :: equivalent-not-expanded
(x-1)(x+1) :: x^2-1 :: equivalent-not-expanded
(x-a)(x-b) :: x^2-(a+b)x+a b :: equivalent-not-expanded
x^2-(a+b)x+a b :: (x-a)(x-b) :: equivalent-not-expanded
x^2-a x-b x+a b :: (x-a)(x-b) :: correct
p+1 :: 1+p :: correct
(p+1)(p-1) :: p^2-1 :: equivalent-not-expanded
3+2sqrt(3) :: 3+sqrt(12) :: correct
(1+sqrt(5))(1-sqrt(3)) :: 1-sqrt(3)+sqrt(5)-sqrt(15) :: equivalent-not-expanded
x^2+2x+1 :: (x+1)^2 :: correct
x^2+2x+2 :: (x+1)^2 :: not-equivalent
(x+1)^2 :: (x+1)^2 :: equivalent-not-expanded
(x+1)/2 :: x/2+1/2 :: equivalent-not-expanded
x/2+1/2 :: (x+1)/2 :: correct
x > 2 :: x > 2 :: correct
""",
)

FAC_FORM = _table(
    "FacForm",
    """
2 :: 2 :: correct
1/3 :: 1/3 :: correct
3x^2 :: 3x^2 :: correct
2(x-1) :: 2x-2 :: correct
2x-2 :: 2x-2 :: equivalent-not-factored
2(x+1) :: 2x-2 :: not-equivalent
2x+2 :: 2x-2 :: not-equivalent
2(x+0.5) :: 2x+1 :: correct
t(2x+1) :: t(2x+1) :: correct
t x+t :: t(x+1) :: equivalent-not-factored
6s t+10s :: 2s(3t+5) :: equivalent-not-factored
2x(x-3) :: 2x^2-6x :: correct
2(x^2-3x) :: 2x(x-3) :: equivalent-not-factored
x(2x-6) :: 2x(x-3) :: equivalent-not-factored
(x+2)(x+3) :: x^2+5x+6 :: correct
(x+2)(2x+6) :: 2(x+2)(x+3) :: equivalent-not-factored
(x+t)(x-t) :: x^2-t^2 :: correct
t^2-1 :: (t-1)(t+1) :: equivalent-not-factored
t^2+1 :: t^2+1 :: correct
-(3w-4v+9u)(3w+4v-u) :: -(3w-4v+9u)(3w+4v-u) :: correct
-6k(4b-k-1) :: 6k(1+k-4b) :: correct
x(x-4+4/x) :: x^2-4x+4 :: equivalent-not-factored
(2-x)(3-x) :: (x-2)(x-3) :: correct
(1-x)^2 :: (x-1)^2 :: correct
(1-x)(1-x) :: (x-1)^2 :: correct
4(1-x/2)^2 :: (x-2)^2 :: correct
-3(x-4)(x+1) :: -3x^2+9x+12 :: correct
3(4-x)(x+1) :: -3x^2+9x+12 :: correct
(x-1)(x^2+x+1) :: x^3-1 :: correct
x^3-x+1 :: x^3-x+1 :: correct
7x^3-7x+7 :: 7(x^3-x+1) :: equivalent-not-factored
(x^2-4x+4)(3-x) :: -x^3+7x^2-16x+12 :: equivalent-not-factored
3y(y^2-2y-8) :: 3(y-4)y(y+2) :: equivalent-not-factored
(y-4)y(3y+6) :: 3(y-4)y(y+2) :: equivalent-not-factored
(a-x)^6000 :: (a-x)^6000 :: correct
(2a)(a b-1) :: 2a(a b-1) :: correct
(sin(x)+1)(sin(x)-1) :: sin(x)^2-1 :: correct
24(x-1/4) :: 24x-6 :: correct
(x-sqrt(2))(x+sqrt(2)) :: x^2-2 :: correct
x^2-2 :: x^2-2 :: correct
i x-2i :: i(x-2) :: equivalent-not-factored
i(x-2) :: i x-2i :: correct
(x-i)(x+i) :: x^2+1 :: correct
x^2-4x+4 :: (x-2)^2 :: equivalent-not-factored
(x-2)^2 :: x^2-4x+4 :: correct
(x-2)^2 :: x^2-4x+3 :: not-equivalent
""",
)

LOWEST_TERMS = _table(
    "LowestTerms",
    """
0.5 :: 1/2 :: correct
1/2 :: 0.5 :: correct
2/4 :: 1/2 :: equivalent-not-lowest-terms
-1/3 :: -1/3 :: correct
-2/4 :: -1/2 :: equivalent-not-lowest-terms
x+1/3 :: x+1/3 :: correct
x+2/6 :: x+1/3 :: equivalent-not-lowest-terms
2x/4+2/6 :: x/2+1/3 :: equivalent-not-lowest-terms
cos(x) :: cos(x) :: correct
cos(3/6 x) :: cos(x/2) :: equivalent-not-lowest-terms
x = 1/2 :: x = 1/2 :: correct
3/9 = x :: x = 1/3 :: equivalent-not-lowest-terms
x^(2/4) :: sqrt(x) :: equivalent-not-lowest-terms
sqrt(3)/3 :: sqrt(3)/3 :: correct
1/sqrt(3) :: sqrt(3)/3 :: equivalent-not-lowest-terms
1/(1-sqrt(2)) :: -1-sqrt(2) :: equivalent-not-lowest-terms
1/(1+i) :: (1-i)/2 :: equivalent-not-lowest-terms
(x^2-1)/(x-1) :: x+1 :: equivalent-not-lowest-terms
(x^2-1)/(x+2) :: (x^2-1)/(x+2) :: correct
1/3 :: 1/4 :: not-equivalent
""",
)

DIFF = _table(
    "Diff",
    """
3x^2 :: 3x^2 :: correct
3X^2 :: 3x^2 :: wrong-case # said, not graded
x^4/4 :: x^3 :: integrated-instead
6000(x-a)^5999 :: 6000(x-a)^5999 :: correct
5999(x-a)^5999 :: 6000(x-a)^5999 :: not-equivalent
cos(x) :: cos(x) :: correct
-sin(x) :: cos(x) :: not-equivalent
e^x :: e^x :: correct
2x e^(x^2) :: 2x exp(x^2) :: correct
y = 3x^2 :: 3x^2 :: invalid
""",
    {"var": "x"},
)

ANTIDIFF = _table(
    "Antidiff",
    """
x^3/3 :: x^3/3 :: correct
x^3/3 + 1 :: x^3/3 :: correct
x^3/3 + c :: x^3/3 :: correct
(x^3 + c)/3 :: x^3/3 :: correct
x^3/3 - c :: x^3/3 :: correct
x^3/3 c :: x^3/3 :: not-equivalent
X^3/3 + c :: x^3/3 :: wrong-case # said, not graded
sin(2x) :: x^3/3 :: not-equivalent
x^2/2 - 2x + 2 + c :: (x-2)^2/2 :: correct
cos(2x)/2 + 1 + c :: cos(2x)/2 :: correct
(x-a)^6001/6001 + c :: (x-a)^6001/6001 :: correct
2x :: x^3/3 :: differentiated-instead
ln(x) + c :: ln(|x|) :: correct # Antidiff checks only the derivative (STACK); Int asks for |x|
ln(|x|) + c :: ln(|x|) :: correct
ln(|x|) + c :: ln(x) :: correct
ln(k x) :: ln(x) :: correct
asinh(x) + c :: ln(x+sqrt(x^2+1)) :: correct
atan(2x-3) + c :: atan(2x-3) :: correct
atan((x-2)/(x-1)) + c :: atan(2x-3) :: correct
atan((x-1)/(x-2)) :: atan(2x-3) :: not-equivalent
tan(x) - x + c :: tan(x) - x :: correct
-2cos(3x)/3 - 3cos(2x)/2 + c :: -2cos(3x)/3 - 3cos(2x)/2 :: correct
2 sin(x) cos(x) + k :: sin(2x) :: correct
e^x + c :: e^x :: correct
""",
    {"var": "x"},
)

# STACK's Int: one arbitrary constant, the teacher's ln|u| rule, consistency across logarithms.
INT = _table(
    "Int",
    """
x^3/3 + c :: x^3/3 :: correct
x^3/3 + C :: x^3/3 + c :: correct
x^3/3 + 2c :: x^3/3 :: correct
(x^3 + c)/3 :: x^3/3 :: correct
x^3/3 :: x^3/3 :: missing-constant
x^3/3 + 7 :: x^3/3 :: missing-constant
x^3/3 + c^2 :: x^3/3 :: odd-constant
x^3/3 + e^c :: x^3/3 :: odd-constant
x^3/3 + c + k :: x^3/3 :: too-many-constants
x^2 :: x^3/3 :: not-equivalent
2x + c :: x^3/3 :: differentiated-instead
ln(x) + c :: ln(x) :: correct
ln(|x|) + c :: ln(x) :: correct
ln(k x) :: ln(x) :: correct
ln(x) + c :: ln(|x|) :: missing-abs
ln(k x) :: ln(|x|) + c :: missing-abs
ln(k |x|) :: ln(|x|) :: correct
ln(|x-1|) + ln(x+1) + c :: ln(x-1) + ln(x+1) :: inconsistent-abs
ln(x-1) + ln(x+1) + c :: ln(x-1) + ln(x+1) :: correct
-cos(2x)/2 + c :: -cos(2x)/2 :: correct
sin(x)^2 + c :: -cos(2x)/2 :: correct # differs by a constant: still one constant
y = x^3/3 + c :: x^3/3 :: invalid
""",
    {"var": "x"},
)

INT_NOCONST = _table(
    "Int",
    """
x^3/3 :: x^3/3 :: correct
x^3/3 + 5 :: x^3/3 :: correct
x^3/3 + c :: x^3/3 :: correct
x^3/3 + c^2 :: x^3/3 :: odd-constant
""",
    {"var": "x", "noconst": True},
)

INT_FORMAL = _table(
    "Int",
    """
ln(|2x+6|)/2 :: ln(|x+3|)/2 :: correct
x^3/3 :: x^3/3 :: correct
x^3 :: x^3/3 :: not-equivalent
""",
    {"var": "x", "formal": True},
)

# Functions learners type (PrairieLearn and STACK accept them all).
FUNCTIONS = _table(
    "AlgEquiv",
    """
binomial(5, 2) :: 10 :: correct
binomial(n, 2) :: n(n-1)/2 :: correct
sgn(-3) :: -1 :: correct
sign(x) abs(x) :: x :: correct
atan2(1, 1) :: pi/4 :: correct
arctan2(1, -1) :: 3pi/4 :: correct
max(1, 2, 3) :: 3 :: correct
Max(x, 2) :: max(x, 2) :: correct
min(x, 2, 5) :: min(x, 2) :: correct
max(x, 3) :: x :: not-equivalent
floor(2.5) :: 2 :: correct
ceiling(2.5) :: 3 :: correct
ceil(x) :: -floor(-x) :: correct
factorial(5) :: 120 :: correct
arcsec(2) :: pi/3 :: correct
sec(x)^2 - tan(x)^2 :: 1 :: correct
coth(x) :: cosh(x)/sinh(x) :: correct
arccot(1) :: pi/4 :: correct
asech(1/2) :: acosh(2) :: correct
""",
)

# Input syntax as PrairieLearn's symbolic input reads it (declared variables m, n, mu0, phi, x_1).
SYNTAX = _table(
    "AlgEquiv",
    """
sin 5n :: sin(5n) :: correct
sin**2 (m) :: sin(m)^2 :: correct
n log^2 2n :: n log(2n)^2 :: correct
arccos 3n :: acos(3n) :: correct
sin n cos n :: sin(2n)/2 :: correct
5mn :: 5*m*n :: correct
mn^2 :: m*n^2 :: correct
μ0 n :: mu0*n :: correct
µ0 :: mu0 :: correct
φ :: phi :: correct
φ m :: m phi :: correct
2πn :: 2pi*n :: correct
３＋４m :: 3 + 4m :: correct
（m＋n）＊2 :: 2m + 2n :: correct
6m ÷ 3 :: 2m :: correct
2 × m · n :: 2mn :: correct
−m :: -m :: correct
x_1 + 1 :: x_1 + 1 :: correct
x_1 :: m :: not-equivalent
mu0 :: mu :: invalid
""",
    {"variables": ["m", "n", "mu0", "phi", "x_1"]},
)

# Functions the question declares (option functions: [f, g]): any arity, compared consistently.
DECLARED = _table(
    "AlgEquiv",
    """
f(x) + 1 :: 1 + f(x) :: correct
f(2x) :: f(x + x) :: correct
f(x)^2 :: f(x) f(x) :: correct
g(x, y) :: g(x, y) :: correct
g(x, y) :: g(y, x) :: not-equivalent
f(x) :: x :: not-equivalent
f(x) g(x) + 1 :: g(x) f(x) + 1 :: correct
f(g(x)) :: g(f(x)) :: not-equivalent
h(x) :: f(x) :: not-equivalent # h is not declared: h times x
""",
    {"variables": ["x", "y"], "functions": ["f", "g"]},
)

# Statements as solution sets: factors that are never zero, absolute values, kinds of answer.
STATEMENTS = _table(
    "AlgEquiv",
    """
s^2 e^(s t) = 0 :: s^2 = 0 :: correct
(x^2 + 1)(x - 3) = 0 :: x = 3 :: correct
|x| = 2 :: x^2 = 4 :: correct
|x - 1| = 3 :: x = 4 or x = -2 :: correct
|x| = 2 :: x = 2 :: not-equivalent
x^2 - 1 :: x^2 = 1 :: invalid
x^2 = 1 :: x^2 - 1 :: invalid
""",
    {"variables": ["s", "t", "x"]},
)

# A decimal where the exact value is expected (STACK's float feedback is the anchor).
DECIMALS_ASK = _table(
    "AlgEquiv",
    """
7.07 :: sqrt(50) :: decimal-for-exact
-2.33 :: -7/3 :: decimal-for-exact
0.8333 :: 5/6 :: decimal-for-exact
3.606 :: sqrt(13) :: decimal-for-exact
7.1 :: sqrt(50) :: decimal-for-exact
7.08 :: sqrt(50) :: not-equivalent
-2.34 :: -7/3 :: not-equivalent
0.5 :: 1/2 :: correct
0.38 :: 3/8 :: not-equivalent # 3/8 is 0.375 exactly: a wrong decimal
sqrt(50) :: 5 sqrt(2) :: correct
""",
)
DECIMALS_ACCEPT = _table(
    "AlgEquiv",
    """
7.07 :: sqrt(50) :: correct
7.08 :: sqrt(50) :: not-equivalent
""",
    {"decimals": "accept"},
)
DECIMALS_REJECT = _table(
    "AlgEquiv",
    """
7.07 :: sqrt(50) :: decimal-for-exact
""",
    {"decimals": "reject"},
)

# A spaced e between numbers is asked about (a power of ten or the number e?), never read silently.
SPACED_E = _table(
    "NumRelative",
    """
1.40e 1 :: 14 :: ambiguous-e
1.40 e 1 :: 14 :: ambiguous-e
1.40 E -3 :: 0.0014 :: ambiguous-e
1.40e1 :: 14 :: correct
1.40 * e * 1 :: 1.4 e :: correct
2e :: 2 e :: correct
2 e^2 :: 2 e^2 :: correct
""",
    {"tol": 0.01},
)
SPACED_E_ALGEBRA = _table(
    "AlgEquiv",
    """
3e 2 :: 300 :: ambiguous-e
3 e 2 :: 6 e :: ambiguous-e
3 e x :: 3 e x :: correct
""",
    {"variables": ["x"]},
)

MULTIPLE_CHOICE = _table(
    "MultipleChoice",
    """
B :: B :: correct
b :: B :: correct
2 :: B :: correct
B :: B :: correct
A :: B :: wrong
1 :: B :: wrong
4 :: B :: invalid
D :: B :: invalid
B :: 2 :: correct
A :: 2 :: wrong
""",
    {"choices": ["A", "B", "C"]},
)

ANY_OF = _table(
    "AnyOf",
    """
x = 2 :: x = 2; x = -2 :: correct
x = -2 :: x = 2; x = -2 :: correct
-2 = x :: x = 2; x = -2 :: correct
x = 3 :: x = 2; x = -2 :: wrong
1/2 :: 0.5; 2/4 :: correct
1/3 :: 0.5; 2/4 :: wrong
2x :: x+x; 3x :: correct
x^ :: x; 2x :: invalid
""",
)


# Audit against STACK's answer-test pages and PrairieLearn's symbolic input, aimed at false accepts:
# steps that differ only at whole numbers, branch cuts, huge and tiny magnitudes, variables that are
# real (sin(pi n) is not 0), equations scaled by factors that can vanish, strict and non-strict
# boundaries, Int's constant rule, significant figures across a change of magnitude, input syntax.
AUDIT: list[Case] = [
    # A constant whose 60-digit value hides a difference (2 + 10^-1000 reads as 2) proves nothing.
    Case("AlgEquiv", "log(x) + 2 + 10^(-1000)", "log(x) + 2", "wrong", {}),
    Case("AlgEquiv", "sin(x) + 1/3 + 1/(3*10^40)", "sin(x) + 1/3", "wrong", {}),
    Case("AlgEquiv", "2^100*x", "1267650600228229401496703205376*x", "correct", {}),
    Case("AlgEquiv", "ceiling(x)", "floor(x)+1", "wrong", {}),
    Case("AlgEquiv", "floor(x)", "x", "wrong", {}),
    Case("AlgEquiv", "(x+|x|)/2", "max(x, 0)", "correct", {}),
    Case("AlgEquiv", "sign(x) x", "|x|", "correct", {}),
    Case("AlgEquiv", "max(x, 0)", "x", "wrong", {}),
    Case("AlgEquiv", "asin(sin(x))", "x", "wrong", {}),
    Case("AlgEquiv", "atan(tan(x))", "x", "wrong", {}),
    Case("AlgEquiv", "atan(1/x)", "pi/2 - atan(x)", "wrong", {}),
    Case("AlgEquiv", "atan2(y, x)", "atan(y/x)", "wrong", {}),
    Case("AlgEquiv", "log(exp(x))", "x", "correct", {}),
    Case("AlgEquiv", "sin(pi n)", "0", "wrong", {}),
    Case("AlgEquiv", "cos(2 pi n)", "1", "wrong", {}),
    Case("AlgEquiv", "x + 10^-20", "x", "wrong", {}),
    Case("AlgEquiv", "sin(x) + 10^-25", "sin(x)", "wrong", {}),
    Case("AlgEquiv", "10^20 x + 1", "10^20 x", "wrong", {}),
    Case("AlgEquiv", "exp(-50x) + x", "x", "wrong", {}),
    Case("AlgEquiv", "(2^64 x + 1)^2", "2x^2 + 2^65 x + 1", "wrong", {}),
    Case("AlgEquiv", "(2^64 x + 1)^2", "2^128 x^2 + 2^65 x + 1", "correct", {}),
    Case("AlgEquiv", "(1+x)^100", "(x+1)^100", "correct", {}),
    Case("AlgEquiv", "(1+x)^100 - 1", "(x+1)^100", "wrong", {}),
    Case("AlgEquiv", "x^1000 + 1", "x^1000", "wrong", {}),
    Case("AlgEquiv", "sqrt(x^2)", "|x|", "correct", {}),
    Case("AlgEquiv", "sqrt(x^2)", "x", "wrong", {}),
    Case("AlgEquiv", "(x^3)^(1/3)", "x", "correct", {}),
    Case("AlgEquiv", "cosh(x)", "sqrt(1+sinh(x)^2)", "correct", {}),
    Case("AlgEquiv", "sinh(x)", "sqrt(cosh(x)^2-1)", "wrong", {}),
    Case("AlgEquiv", "1/(1/x)", "x", "correct", {}),
    Case("AlgEquiv", "binomial(n, 2)", "n^2/2", "wrong", {}),
    Case("AlgEquiv", "factorial(n)/factorial(n-1)", "n", "correct", {}),
    Case("AlgEquiv", "tan(x)", "sin(x)/cos(x)", "correct", {}),
    Case("AlgEquiv", "sec(x)", "1/sin(x)", "wrong", {}),
    Case("AlgEquiv", "acot(x)", "atan(1/x)", "correct", {}),
    Case("AlgEquiv", "x(x-1) = 0", "x - 1 = 0", "wrong", {}),
    Case("AlgEquiv", "x^2 = x", "x = 1", "wrong", {}),
    Case("AlgEquiv", "a x = a", "x = 1", "wrong", {}),
    Case("AlgEquiv", "y(x-1) = 0", "x = 1", "wrong", {}),
    Case("AlgEquiv", "e^x (x-1) = 0", "x = 1", "correct", {}),
    Case("AlgEquiv", "(x^2+1)(x-2) = 0", "x = 2", "correct", {}),
    Case("AlgEquiv", "sin(x)(x-1) = 0", "x = 1", "wrong", {}),
    Case("AlgEquiv", "0 x = 0", "x = 1", "wrong", {}),
    Case("AlgEquiv", "2(x-1) = 0", "x = 1", "correct", {}),
    Case("AlgEquiv", "x = 1", "x^2 = 1", "wrong", {}),
    Case("AlgEquiv", "x^2 = 1", "x = 1 or x = -1", "correct", {}),
    Case("AlgEquiv", "x > 1", "x >= 1", "wrong", {}),
    Case("AlgEquiv", "x^2 >= 0", "x^2 > 0", "wrong", {}),
    Case("AlgEquiv", "-x < -1", "x > 1", "correct", {}),
    Case("AlgEquiv", "2x > 2", "x > 1", "correct", {}),
    Case("AlgEquiv", "-2x > 2", "x > -1", "wrong", {}),
    Case("AlgEquiv", "x^2 < 1", "-1 < x < 1", "correct", {}),
    Case("AlgEquiv", "x^2 <= 1", "-1 < x < 1", "wrong", {}),
    Case("AlgEquiv", "|x| < 2", "-2 < x < 2", "correct", {}),
    Case("AlgEquiv", "|x| <= 2", "-2 < x < 2", "wrong", {}),
    Case("AlgEquiv", "1/x > 0", "x > 0", "correct", {}),
    Case("AlgEquiv", "x/(x-1) >= 0", "x <= 0 or x > 1", "correct", {}),
    Case("AlgEquiv", "x/(x-1) >= 0", "x <= 0 or x >= 1", "wrong", {}),
    Case("AlgEquiv", "x^2 > 0", "x != 0", "correct", {}),
    Case("AlgEquiv", "x = 2", "x > 2", "wrong", {}),
    Case("AlgEquiv", "x = 1/2", "2x = 1", "correct", {}),
    Case("AlgEquiv", "x^2 - 1", "x^2 = 1", "expected-statement", {}),
    Case("AlgEquiv", "x - 1", "x = 1", "expected-statement", {}),
    Case("AlgEquiv", "sqrt(2)", "1.414", "wrong", {}),
    Case("AlgEquiv", "1.414", "sqrt(2)", "decimal-for-exact", {}),
    Case("AlgEquiv", "1.41", "sqrt(2)", "wrong", {"decimals": "reject"}),
    Case("AlgEquiv", "1.41", "sqrt(2)", "correct", {"decimals": "accept"}),
    Case("AlgEquiv", "1.42", "sqrt(2)", "wrong", {}),
    Case("AlgEquiv", "0.375", "3/8", "correct", {}),
    Case("AlgEquiv", "0.38", "3/8", "wrong", {}),
    Case("AlgEquiv", "0.333", "1/3", "correct", {"decimals": "accept"}),
    Case("AlgEquiv", "0.334", "1/3", "wrong", {"decimals": "accept"}),
    Case("AlgEquiv", "10^-30", "0", "wrong", {}),
    Case("AlgEquiv", "2^100", "2^100+1", "wrong", {}),
    Case("AlgEquiv", "pi", "355/113", "wrong", {}),
    Case("AlgEquiv", "e", "2.718281828459045", "wrong", {}),
    Case("Int", "x^3/3 + c", "x^3/3", "correct", {}),
    Case("Int", "x^3/3", "x^3/3", "wrong", {}),
    Case("Int", "x^3/3 + c + k", "x^3/3", "wrong", {}),
    Case("Int", "x^3/3 + 1", "x^3/3", "wrong", {}),
    Case("Int", "x^3/3", "x^3/3", "correct", {"noconst": True}),
    Case("Int", "x^3/3 + 5", "x^3/3", "correct", {"noconst": True}),
    Case("Int", "x^3/3 + x + c", "x^3/3", "wrong", {}),
    Case("Int", "ln(x) + c", "ln(|x|)", "wrong", {}),
    Case("Int", "ln(|x|) + c", "ln(|x|)", "correct", {}),
    Case("Int", "ln(|x|) + c", "ln(x)", "correct", {}),
    Case("Int", "ln(x) + c", "ln(x)", "correct", {}),
    Case("Int", "ln(k x)", "ln(x)", "correct", {}),
    Case("Int", "sin(x)^2/2 + c", "-cos(x)^2/2", "correct", {}),
    Case("Int", "t^2/2 + c", "t^2/2", "correct", {"var": "t"}),
    Case("Int", "x t + c", "t^2/2", "wrong", {"var": "t"}),
    Case("Antidiff", "ln(x) + c", "ln(|x|)", "correct", {}),
    Case("Antidiff", "x^3/3", "x^3/3", "correct", {}),
    Case("Antidiff", "x^3/3 + 7", "x^3/3", "correct", {}),
    Case("Antidiff", "x^3", "x^3/3", "wrong", {}),
    Case("Diff", "2x", "2x", "correct", {}),
    Case("NumSigFigs", "10.0", "9.996", "correct", {"n": 3}),
    Case("NumSigFigs", "10.00", "9.996", "wrong", {"n": 3}),
    Case("NumSigFigs", "0.100", "0.09996", "correct", {"n": 3}),
    Case("NumSigFigs", "3.14", "pi", "correct", {"n": 3}),
    Case("NumSigFigs", "3.15", "pi", "wrong", {"n": 3}),
    Case("NumSigFigs", "3.141", "pi", "wrong", {"n": 3}),
    Case("NumSigFigs", "3.1", "pi", "wrong", {"n": 3}),
    Case("NumSigFigs", "1.00e3", "999.9", "correct", {"n": 3}),
    Case("NumSigFigs", "-2.72", "-e", "correct", {"n": 3}),
    Case("NumSigFigs", "3.14", "pi", "correct", {"n": [3, 0]}),
    Case("NumSigFigs", "3.99", "pi", "correct", {"n": [3, 0]}),
    Case("NumSigFigs", "3.1416", "pi", "correct", {"n": [3, -1]}),
    Case("NumSigFigs", "3.15", "pi", "wrong", {"n": [3, -1]}),
    Case("NumSigFigs", "3.1", "pi", "wrong", {"n": [3, -1]}),
    Case("NumSigFigs", "3.143", "pi", "correct", {"n": [4, 2]}),
    Case("NumSigFigs", "3.243", "pi", "wrong", {"n": [4, 2]}),
    Case("NumRelative", "i", "1", "invalid", {}),
    Case("NumAbsolute", "sqrt(-2)", "1.41", "invalid", {}),
    Case("NumRelative", "1.05", "1", "correct", {"tol": 0.1}),
    Case("NumRelative", "1.2", "1", "wrong", {"tol": 0.1}),
    Case("NumAbsolute", "1.05", "1", "correct", {"tol": 0.1}),
    Case("NumAbsolute", "1.2", "1", "wrong", {"tol": 0.1}),
    Case("AlgEquiv", "sin 5n", "sin(5 n)", "correct", {"variables": ["n", "m"]}),
    Case("AlgEquiv", "5mn", "5 m n", "correct", {"variables": ["n", "m"]}),
    Case("AlgEquiv", "n log^2 2n", "n log(2n)^2", "correct", {"variables": ["n"]}),
    Case("AlgEquiv", "sin**2 (m)", "sin(m)^2", "correct", {"variables": ["m"]}),
    Case("AlgEquiv", "μ0", "mu0", "correct", {"variables": ["mu0"]}),
    Case("AlgEquiv", "φ", "phi", "correct", {"variables": ["phi"]}),
    Case("AlgEquiv", "x_1", "x1", "wrong", {"variables": ["x_1", "x1"]}),
    Case("AlgEquiv", "2×3", "6", "correct", {}),
    Case("AlgEquiv", "6÷4", "3/2", "correct", {}),
    Case("AlgEquiv", "2·x", "2x", "correct", {}),
    Case("AlgEquiv", "−x", "-x", "correct", {}),
    Case("AlgEquiv", "２ｘ＋１", "2x+1", "correct", {}),
    Case(
        "AlgEquiv",
        "f(x) + f(y)",
        "f(y) + f(x)",
        "correct",
        {"variables": ["x", "y"], "functions": ["f"]},
    ),
    Case("AlgEquiv", "f(x, y)", "f(y, x)", "wrong", {"variables": ["x", "y"], "functions": ["f"]}),
    Case("AlgEquiv", "f(2x)", "2 f(x)", "wrong", {"variables": ["x"], "functions": ["f"]}),
    Case("AlgEquiv", "g(x)", "f(x)", "wrong", {"variables": ["x"], "functions": ["f", "g"]}),
]

CASES: list[Case] = [
    *ALG_EQUIV,
    *ALG_EQUIV_VARIABLES,
    *NUM_RELATIVE,
    *NUM_RELATIVE_TIGHT,
    *NUM_ABSOLUTE,
    *NUM_ABSOLUTE_TIGHT,
    *NUM_SIG_FIGS_3,
    *NUM_SIG_FIGS_OTHER,
    *EQUAL_COM_ASS,
    *SUBST_EQUIV,
    *EXPANDED,
    *FAC_FORM,
    *LOWEST_TERMS,
    *DIFF,
    *ANTIDIFF,
    *INT,
    *INT_NOCONST,
    *INT_FORMAL,
    *FUNCTIONS,
    *SYNTAX,
    *DECLARED,
    *STATEMENTS,
    *DECIMALS_ASK,
    *DECIMALS_ACCEPT,
    *DECIMALS_REJECT,
    *SPACED_E,
    *SPACED_E_ALGEBRA,
    *MULTIPLE_CHOICE,
    *ANY_OF,
    *AUDIT,
]

# Inputs that try to run code or to exhaust time or memory: each must end invalid, quickly.
HOSTILE = [
    "__import__('os')",
    "__import__('os').system('ls')",
    "exec('1')",
    "eval('1')",
    "().__class__.__bases__",
    "lambda: 0",
    "open('/etc/passwd')",
    "9**9**9**9",
    "9^9^9^9",
    "2^2^2^2^2^2",
    "10^10^10",
    "factorial(10**7)",
    "factorial(10^7)",
    "(10^7)!",
    "100000!",
    "(2^1000)!",
    "x^(10^100)",
    "x^99999999",
    "1e999999",
    "1" * 5000,
    "9" * 61,
    "0." + "0" * 100 + "1",
    "(" * 10000 + "x" + ")" * 10000,
    "(" * 100 + "x" + ")" * 100,
    "-" * 10000 + "x",
    "|" * 1000,
    "sin(" * 500 + "x" + ")" * 500,
    "x" * 1_000_000,
    "1+" * 500_000 + "1",
    "a" * 1_000_000,
    "\x00",
    "\u202e x",
    "x\ud800",
    "💥",
    "x = = 2",
    "(" + "9" * 60 + ")^(" + "9" * 60 + ")",
    "gamma(x)",
    "x.__class__",
    "x[0]",
    "x{0}",
    "'x'",
    '"x"',
    "x;y",
    "x @ y",
    "x & y",
]
