"""Limits that keep every parse and check small enough to finish well inside its time budget."""

# Characters in a learner's answer, the one limit for every route and the parser: the routes
# refuse a longer answer (413) before grading it, and the parser refuses it with that message.
MAX_ANSWER_CHARS = 2000
MAX_AUTHOR_LENGTH = 4000  # characters in a template expression
MAX_DEPTH = 40  # nesting of brackets, powers and unary signs
MAX_TOKENS = 400
MAX_LITERAL_DIGITS = 60  # digits in one written number
MAX_SCI_EXPONENT = 400  # |k| in 1.5e-k
MAX_INTEGER_BITS = 4096  # any exact number built while parsing (about 1,200 digits)
MAX_FACTORIAL = 200  # n! is evaluated only for n up to this
MAX_SYMBOLIC_EXPONENT = 10000  # x^k with integer k beyond this is refused
DEFAULT_TIMEOUT = 1.0  # seconds per check
AUTHOR_TIMEOUT = 2.0  # seconds for an author's expand, factor, simplify or integrate
