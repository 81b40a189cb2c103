"""Validation of a template's declarative spec, before any variant is drawn.

Every expression is parsed once here with the parameters left symbolic, so a typo is reported
with the template and field instead of surfacing later as a broken variant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy

from tutor.checking import ANSWER_TESTS, MathSyntaxError, parse_expression
from tutor.checking.errors import AuthorTimeout
from tutor.content.model import Template

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
ANSWER_KEYS = {"answer", "test", "options", "mistakes", "tests"}
TEMPLATE_KEYS = {
    "id",
    "title",
    "parameters",
    "variables",
    "constraints",
    "prompt",
    "hints",
    "solution",
    "parts",
} | ANSWER_KEYS
PART_KEYS = {"label", "prompt"} | ANSWER_KEYS
MAX_PARTS = 10
MISTAKE_KEYS = {"answer", "feedback", "note", "prerequisite"}
TEST_KEYS = {"response", "expect", "mistake"}
EXPECTATIONS = {"correct", "wrong", "invalid"}
RESERVED = {"answer"}


class TemplateError(ValueError):
    """A template spec that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, where: str, problems: list[str]) -> None:
        super().__init__("; ".join(f"{where}: {p}" for p in problems))
        self.where = where
        self.problems = problems


@dataclass(frozen=True)
class Parameter:
    """One drawn parameter. Exactly the fields of its kind are set."""

    name: str
    kind: str  # "int" | "decimal" | "choice" | "expr"
    bounds: tuple[float, float] = (0, 0)  # int and decimal: [low, high]
    step: int = 1  # int
    precision: int = 2  # decimal: places after the point
    choices: tuple[int | float | str, ...] = ()  # choice
    expr: str = ""  # expr


@dataclass(frozen=True)
class MistakeSpec:
    answer: str
    feedback: str
    note: str
    prerequisite: str | None = None


@dataclass(frozen=True)
class PartSpec:
    """One answer box: what is expected, how it is judged, the mistakes it recognises."""

    prompt: str
    answer: Any  # an expression string, or the choices of MultipleChoice / AnyOf
    test: str
    options: dict[str, Any]
    mistakes: tuple[MistakeSpec, ...]
    tests: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class TemplateSpec:
    """A validated template, typed: what the variant drawing reads instead of the raw mapping."""

    parameters: tuple[Parameter, ...]
    variables: tuple[str, ...]
    constraints: tuple[str, ...]
    prompt: str
    hints: tuple[str, ...]
    solution: str
    parts: tuple[PartSpec, ...]
    multipart: bool  # written with 'parts' (labelled (a), (b), ...), even when there is one


def _parameter(name: str, raw: Any, problems: list[str]) -> Parameter | None:
    if not NAME.match(str(name)) or name in RESERVED:
        problems.append(
            f"parameter name {name!r} must be a letter followed by letters, digits or _"
        )
        return None
    if not isinstance(raw, dict):
        problems.append(f"parameter {name!r} must be a mapping such as {{int: [1, 9]}}")
        return None
    kinds = [k for k in ("int", "decimal", "choice", "expr") if k in raw]
    if len(kinds) != 1:
        problems.append(f"parameter {name!r} needs exactly one of int, decimal, choice, expr")
        return None
    kind = kinds[0]
    value = raw[kind]
    allowed = {kind} | {"int": {"step"}, "decimal": {"precision"}}.get(kind, set())
    if set(raw) - allowed:
        problems.append(f"parameter {name!r}: unknown keys {sorted(set(raw) - allowed)}")
    if kind in ("int", "decimal"):
        if not (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            and value[0] <= value[1]
        ):
            problems.append(f"parameter {name!r}: {kind} needs [low, high] with low <= high")
            return None
        if kind == "int" and not all(isinstance(v, int) for v in value):
            problems.append(f"parameter {name!r}: int bounds must be whole numbers")
            return None
        step = raw.get("step", 1)
        if kind == "int" and (not isinstance(step, int) or isinstance(step, bool) or step < 1):
            problems.append(f"parameter {name!r}: step must be a whole number >= 1")
            return None
        precision = raw.get("precision", 2)
        if kind == "decimal" and (not isinstance(precision, int) or not 0 <= precision <= 10):
            problems.append(f"parameter {name!r}: precision must be a whole number from 0 to 10")
            return None
    elif kind == "choice":
        if not isinstance(value, list) or not value or len(value) > 1000:
            problems.append(f"parameter {name!r}: choice needs a non-empty list")
            return None
        if not all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in value):
            problems.append(f"parameter {name!r}: choices must be numbers or expression strings")
            return None
    elif not isinstance(value, str):
        problems.append(f"parameter {name!r}: expr must be an expression string")
        return None
    if kind in ("int", "decimal"):
        return Parameter(
            name,
            kind,
            bounds=(value[0], value[1]),
            step=raw.get("step", 1),
            precision=raw.get("precision", 2),
        )
    if kind == "choice":
        return Parameter(name, kind, choices=tuple(value))
    return Parameter(name, kind, expr=value)


def _check_expression(text: Any, field: str, names: set[str], problems: list[str]) -> None:
    """Parse once with the names left symbolic; operations that need numbers (``round``,
    ``floor``...) cannot run on symbols, so such expressions are re-read with sample values."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        problems.append(f"{field} must be an expression")
        return
    try:
        parsed = parse_expression(str(text), symbols=names, author=True)
    except AuthorTimeout as exc:  # sample values would only wait again
        problems.append(f"{field}: {exc.message} in {str(text)!r}")
        return
    except MathSyntaxError as exc:
        parsed = _parse_with_samples(str(text), sorted(names))
        if parsed is None:
            problems.append(f"{field}: {exc.message} in {str(text)!r}")
            return
    unknown = sorted(str(s) for s in getattr(parsed, "free_symbols", ()) if str(s) not in names)
    if unknown:
        problems.append(
            f"{field}: unknown name(s) {', '.join(unknown)} in {str(text)!r}; "
            "declare parameters before use and free symbols under 'variables'"
        )


def _parse_with_samples(text: str, names: list[str]) -> sympy.Basic | None:
    """Read ``text`` with the names bound to sample numbers, large then small;
    None if neither works."""
    for scale in (
        lambda i: sympy.Rational(2 * i + 7, 3),
        lambda i: sympy.Rational(i + 1, 2 * i + 5),
    ):
        try:
            return parse_expression(
                text, values={n: scale(i) for i, n in enumerate(names)}, author=True
            )
        except MathSyntaxError:
            continue
    return None


def _check_placeholders(text: Any, field: str, names: set[str], problems: list[str]) -> None:
    if not isinstance(text, str):
        problems.append(f"{field} must be text")
        return
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in names:
            problems.append(f"{field}: unknown placeholder {{{{{match.group(1)}}}}}")


def validate_spec(topic_id: str, template: Template) -> TemplateSpec:
    """Check the shape of a template (every problem at once) and return it typed."""
    spec = template.spec
    where = f"topic {topic_id!r}, template {template.id!r} (line {template.line})"
    problems: list[str] = []
    unknown = set(spec) - TEMPLATE_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    raw_parameters = spec.get("parameters") or {}
    parameters: list[Parameter] = []
    if not isinstance(raw_parameters, dict):
        problems.append("'parameters' must be a mapping of name to spec")
        raw_parameters = {}
    for name, raw in raw_parameters.items():
        parameter = _parameter(str(name), raw, problems)
        if parameter:
            parameters.append(parameter)
    variables = spec.get("variables") or []
    if not isinstance(variables, list) or not all(
        isinstance(v, str) and NAME.match(v) for v in variables
    ):
        problems.append("'variables' must be a list of names")
        variables = []
    clash = set(variables) & {p.name for p in parameters}
    if clash:
        problems.append(f"names used as both parameter and variable: {sorted(clash)}")
    known: set[str] = set(variables)
    for parameter in parameters:
        if parameter.kind == "expr":
            _check_expression(parameter.expr, f"parameter {parameter.name!r}", known, problems)
        elif parameter.kind == "choice":
            for choice in parameter.choices:
                _check_expression(choice, f"parameter {parameter.name!r} choice", known, problems)
        known.add(parameter.name)
    _validate_body(spec, known, set(variables) | {p.name for p in parameters}, problems)
    if problems:
        raise TemplateError(where, problems)
    return _typed(spec, tuple(parameters), tuple(variables))


def _typed(
    spec: dict[str, Any], parameters: tuple[Parameter, ...], variables: tuple[str, ...]
) -> TemplateSpec:
    """The validated mapping as dataclasses (validation has checked every key read here)."""
    blocks = spec.get("parts") or [spec]
    return TemplateSpec(
        parameters=parameters,
        variables=variables,
        constraints=tuple(str(c) for c in spec.get("constraints") or []),
        prompt=str(spec["prompt"]),
        hints=tuple(str(h) for h in spec.get("hints") or []),
        solution=str(spec.get("solution", "")),
        parts=tuple(_part_spec(block, own_prompt="parts" in spec) for block in blocks),
        multipart="parts" in spec,
    )


def _part_spec(block: dict[str, Any], own_prompt: bool) -> PartSpec:
    return PartSpec(
        prompt=str(block.get("prompt", "")) if own_prompt else "",
        answer=block["answer"],
        test=str(block.get("test", "AlgEquiv")),
        options=dict(block.get("options") or {}),
        mistakes=tuple(
            MistakeSpec(
                answer=str(m["answer"]),
                feedback=str(m["feedback"]),
                note=str(m.get("note", f"mistake-{index}")),
                prerequisite=m.get("prerequisite"),
            )
            for index, m in enumerate(block.get("mistakes") or [], start=1)
        ),
        tests=tuple(dict(test) for test in block.get("tests") or []),
    )


def _validate_body(
    spec: dict[str, Any], names: set[str], placeholders: set[str], problems: list[str]
) -> None:
    constraints = spec.get("constraints") or []
    if not isinstance(constraints, list):
        problems.append("'constraints' must be a list of conditions")
        constraints = []
    for index, constraint in enumerate(constraints, start=1):
        _check_expression(constraint, f"constraint {index}", names, problems)
    if "prompt" not in spec:
        problems.append("'prompt' is required")
    else:
        _check_placeholders(spec["prompt"], "prompt", placeholders, problems)
    hint_placeholders = placeholders | {"answer"}
    parts = spec.get("parts")
    if parts is None:
        _validate_answer(spec, "", names, placeholders, problems)
    elif not isinstance(parts, list) or not 1 <= len(parts) <= MAX_PARTS:
        problems.append(f"'parts' must be a list of 1 to {MAX_PARTS} parts")
    else:
        hint_placeholders = placeholders
        clash = ANSWER_KEYS & set(spec)
        if clash:
            problems.append(f"with 'parts', put {sorted(clash)} inside each part")
        for index, part in enumerate(parts, start=1):
            if not isinstance(part, dict):
                problems.append(f"part {index} must be a mapping")
                continue
            if set(part) - PART_KEYS:
                problems.append(f"part {index}: unknown keys {sorted(set(part) - PART_KEYS)}")
            if "prompt" in part:
                _check_placeholders(part["prompt"], f"part {index} prompt", placeholders, problems)
            _validate_answer(part, f"part {index} ", names, placeholders, problems)
    hints = spec.get("hints") or []
    if not isinstance(hints, list):
        problems.append("'hints' must be a list")
        hints = []
    for index, hint in enumerate(hints, start=1):
        _check_placeholders(hint, f"hint {index}", hint_placeholders, problems)
    if "solution" in spec:
        _check_placeholders(spec["solution"], "solution", hint_placeholders, problems)


def _validate_answer(
    block: dict[str, Any], where: str, names: set[str], placeholders: set[str], problems: list[str]
) -> None:
    """The answer, its test and options, mistake rules and self-tests of one answer box."""
    test = block.get("test", "AlgEquiv")
    if test not in ANSWER_TESTS:
        problems.append(
            f"{where}unknown answer test {test!r}; known: {', '.join(sorted(ANSWER_TESTS))}"
        )
    if not isinstance(block.get("options", {}), dict):
        problems.append(f"{where}'options' must be a mapping")
    if "answer" not in block:
        problems.append(f"{where}'answer' is required")
    elif test not in ("MultipleChoice", "AnyOf"):
        _check_expression(block["answer"], f"{where}answer", names, problems)
    with_answer = placeholders | {"answer"}
    _validate_mistakes(block.get("mistakes") or [], names, with_answer, problems)
    _validate_tests(block.get("tests") or [], block.get("mistakes") or [], with_answer, problems)


def _validate_mistakes(
    mistakes: Any, names: set[str], placeholders: set[str], problems: list[str]
) -> None:
    if not isinstance(mistakes, list):
        problems.append("'mistakes' must be a list")
        return
    for index, mistake in enumerate(mistakes, start=1):
        if not isinstance(mistake, dict) or "answer" not in mistake or "feedback" not in mistake:
            problems.append(f"mistake {index} needs 'answer' and 'feedback'")
            continue
        if set(mistake) - MISTAKE_KEYS:
            problems.append(f"mistake {index}: unknown keys {sorted(set(mistake) - MISTAKE_KEYS)}")
        _check_expression(mistake["answer"], f"mistake {index} answer", names, problems)
        _check_placeholders(
            mistake["feedback"], f"mistake {index} feedback", placeholders, problems
        )
        note = mistake.get("note", f"mistake-{index}")
        if not isinstance(note, str) or not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", note):
            problems.append(f"mistake {index}: note must be a kebab-case code")


def _validate_tests(tests: Any, mistakes: Any, placeholders: set[str], problems: list[str]) -> None:
    if not isinstance(tests, list):
        problems.append("'tests' must be a list")
        return
    notes = {
        m.get("note", f"mistake-{i}")
        for i, m in enumerate(mistakes, start=1)
        if isinstance(m, dict)
    }
    for index, test in enumerate(tests, start=1):
        if (
            not isinstance(test, dict)
            or "response" not in test
            or test.get("expect") not in EXPECTATIONS
        ):
            problems.append(
                f"test {index} needs 'response' and 'expect' (correct, wrong or invalid)"
            )
            continue
        if set(test) - TEST_KEYS:
            problems.append(f"test {index}: unknown keys {sorted(set(test) - TEST_KEYS)}")
        _check_placeholders(str(test["response"]), f"test {index} response", placeholders, problems)
        if "mistake" in test and test["mistake"] not in notes:
            problems.append(f"test {index}: no mistake rule has the note {test['mistake']!r}")
