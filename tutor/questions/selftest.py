"""A template's own tests, run over many seeds: the STACK "question tests" idea."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

from tutor.checking import check_answer
from tutor.checking.answer_tests.algebraic import has_finite_decimal
from tutor.content.markdown import render_markdown
from tutor.content.model import Topic
from tutor.questions.grading import grade_part
from tutor.questions.spec import TemplateError
from tutor.questions.variant import CompiledTemplate, Part, fill


@dataclass(frozen=True)
class SelfTestFailure:
    topic_id: str
    template_id: str
    seed: int | None
    message: str

    def __str__(self) -> str:
        seed = f", seed {self.seed}" if self.seed is not None else ""
        return f"topic {self.topic_id!r}, template {self.template_id!r}{seed}: {self.message}"


def _check_variant(compiled: CompiledTemplate, seed: int) -> list[str]:
    variant = compiled.variant(seed)
    problems: list[str] = []
    try:
        render_markdown(variant.prompt)
    except Exception as exc:
        problems.append(f"prompt does not render: {exc}")
    for part in variant.parts:
        where = f"part {part.label}: " if part.label else ""
        problems += [where + p for p in _check_part(part, variant.plain_values)]
        form = unstated_form(f"{variant.prompt}\n{part.prompt}", part)
        if form:
            problems.append(where + form)
    return problems


_EXACT_WORDS = re.compile(
    r"exact|fraction|lowest terms|simplest|surd|radical|in terms of|"
    r"symbolic|expression|formula|simplif|factor|expand",
    re.I,
)
_PRECISION_WORDS = re.compile(
    r"decimal place|significant|nearest|round|to within|accurate|"
    r"percent|%|\bd\.p\.|s\.f\.|tolerance|approximately|about",
    re.I,
)


def unstated_form(prompt: str, part: Part) -> str | None:
    """A prompt must say how to answer when the test would refuse the obvious way: an exact
    answer with no finite decimal (sqrt(13), 7/3) must ask for the exact value, and a numeric
    tolerance must come with a stated precision."""
    answer = part.answer
    if not isinstance(answer, sympy.Basic) or not answer.is_number:
        return None
    if part.test == "AlgEquiv" and part.options.get("decimals", "ask") != "accept":
        needs_form = not answer.is_Rational or not has_finite_decimal(answer)
        if needs_form and not answer.atoms(sympy.Float) and not _EXACT_WORDS.search(prompt):
            return (
                f"the answer {part.answer_plain} has no finite decimal, but the prompt does not "
                "ask for the exact value (say 'exact value' or 'as a fraction')"
            )
    if (
        part.test in ("NumRelative", "NumAbsolute")
        and _needs_rounding(answer)
        and not (_PRECISION_WORDS.search(prompt) or _EXACT_WORDS.search(prompt))
    ):
        return (
            f"the answer {part.answer_plain} must be rounded, but the prompt does not say to what "
            "precision (decimal places or significant figures)"
        )
    return None


def _needs_rounding(answer: sympy.Basic) -> bool:
    """A value a learner cannot type exactly as a short decimal: irrational, a fraction with no
    finite decimal, or a decimal of more than six significant figures."""
    if answer.is_Rational:
        if not has_finite_decimal(answer):
            return True
        value = abs(answer)
    elif answer.is_Float:
        value = sympy.Rational(str(abs(answer)))
    else:
        return True
    if value == 0:
        return False
    digits = (
        str(value.p * 10**12 // value.q).rstrip("0").lstrip("0")
        if value.q != 1
        else str(value.p).rstrip("0")
    )
    return len(digits) > 6


def _check_part(part: Part, plain_values: dict[str, str]) -> list[str]:
    answer = part.answer
    if isinstance(answer, sympy.Basic) and answer.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return [f"expected answer is not finite: {part.answer_plain}"]
    problems: list[str] = []
    own = grade_part(part, part.answer_plain)
    if not own.correct:
        problems.append(
            f"expected answer {part.answer_plain!r} is not accepted by its own test "
            f"{part.test} ({own.verdict.note}: {own.verdict.feedback})"
        )
    if isinstance(answer, sympy.Basic):
        for mistake in part.mistakes:
            if check_answer(part.answer_plain, mistake.answer, part.test, part.options).correct:
                problems.append(f"mistake rule {mistake.note!r} accepts the expected answer")
    placeholders = {**plain_values, "answer": part.answer_plain}
    for index, test in enumerate(part.tests, start=1):
        response = fill(str(test["response"]), placeholders)
        result = grade_part(part, response)
        got = "invalid" if not result.valid else "correct" if result.correct else "wrong"
        if got != test["expect"]:
            problems.append(
                f"test {index}: response {response!r} should be {test['expect']}, "
                f"got {got} ({result.verdict.note})"
            )
        elif "mistake" in test and (
            result.mistake is None or result.mistake.note != test["mistake"]
        ):
            fired = result.mistake.note if result.mistake else "none"
            problems.append(
                f"test {index}: response {response!r} should trigger mistake "
                f"{test['mistake']!r}, got {fired}"
            )
    return problems


def self_test_template(topic: Topic, template_id: str, seeds: int = 50) -> list[SelfTestFailure]:
    template = topic.template(template_id)
    if template is None:
        return [SelfTestFailure(topic.id, template_id, None, "no such template")]
    try:
        compiled = CompiledTemplate(topic.id, template)
    except TemplateError as exc:
        return [SelfTestFailure(topic.id, template_id, None, p) for p in exc.problems]
    failures: list[SelfTestFailure] = []
    for seed in range(seeds):
        try:
            problems = _check_variant(compiled, seed)
        except TemplateError as exc:
            problems = exc.problems
        failures.extend(SelfTestFailure(topic.id, template_id, seed, p) for p in problems)
        if len(failures) >= 5:
            break  # enough to act on; the rest usually repeat
    return failures


def self_test_topic(topic: Topic, seeds: int = 50) -> list[SelfTestFailure]:
    failures: list[SelfTestFailure] = []
    for template in topic.templates:
        failures.extend(self_test_template(topic, template.id, seeds))
    return failures
