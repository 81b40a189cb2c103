"""Templates to variants: seeded parameters, filled-in prose, the expected answer.

A variant is fully determined by (topic id, template id, revision, seed). The random stream is
seeded from that identity as text, which Python hashes with SHA-512, so a seed draws the same
parameters on every machine and in every process.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import sympy

from tutor.checking import MathSyntaxError, parse_expression
from tutor.checking.errors import AuthorTimeout
from tutor.content.model import Template
from tutor.questions import numbers
from tutor.questions.spec import (
    PLACEHOLDER,
    Parameter,
    PartSpec,
    TemplateError,
    validate_spec,
)

MAX_DRAWS = 1000
DRAW_SECONDS = 10.0  # one variant's draws together, however many are rejected


@dataclass(frozen=True)
class Mistake:
    answer: sympy.Basic
    feedback: str
    note: str
    prerequisite: str | None = None


@dataclass(frozen=True)
class Part:
    """One answer box of a question: its own expected answer, answer test and mistake rules."""

    label: str
    prompt: str
    answer: Any  # a SymPy value, or text for MultipleChoice / AnyOf
    answer_plain: str
    answer_tex: str
    test: str
    options: dict[str, Any]
    mistakes: tuple[Mistake, ...]
    choices: tuple[str, ...] = ()
    tests: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Variant:
    topic_id: str
    template_id: str
    revision: int
    seed: int
    values: dict[str, sympy.Basic]
    plain_values: dict[str, str]
    prompt: str
    hints: tuple[str, ...]
    solution: str
    variables: tuple[str, ...]
    parts: tuple[Part, ...] = field(default=())

    # A single-part question reads as its one part.
    @property
    def answer(self) -> Any:
        return self.parts[0].answer

    @property
    def answer_plain(self) -> str:
        return self.parts[0].answer_plain

    @property
    def answer_tex(self) -> str:
        return self.parts[0].answer_tex

    @property
    def test(self) -> str:
        return self.parts[0].test

    @property
    def options(self) -> dict[str, Any]:
        return self.parts[0].options

    @property
    def mistakes(self) -> tuple[Mistake, ...]:
        return self.parts[0].mistakes

    @property
    def choices(self) -> tuple[str, ...]:
        return self.parts[0].choices

    @property
    def answers_plain(self) -> list[str]:
        return [part.answer_plain for part in self.parts]


class _NoValue(TemplateError):
    """An expression that has no value for the parameters drawn (it divides by zero, say)."""

    def __init__(self, message: str) -> None:
        super().__init__("expression", [message])
        self.message = message


class CompiledTemplate:
    """A validated template that draws variants."""

    def __init__(self, topic_id: str, template: Template, revision: int = 1) -> None:
        self.topic_id = topic_id
        self.template = template
        self.revision = revision
        self.spec = validate_spec(topic_id, template)
        self.parameters, self.variables = self.spec.parameters, list(self.spec.variables)
        self.where = f"topic {topic_id!r}, template {template.id!r}"
        self._signatures: dict[int, tuple[tuple[str, str], ...]] = {}

    @property
    def id(self) -> str:
        return self.template.id

    def _draw(
        self,
        parameter: Parameter,
        rng: random.Random,
        values: dict[str, sympy.Basic],
        decimals: set[str],
    ) -> sympy.Basic:
        low, high = parameter.bounds
        if parameter.kind == "int":
            return sympy.Integer(rng.randrange(int(low), int(high) + 1, parameter.step))
        if parameter.kind == "decimal":
            quantum = Decimal(1).scaleb(-parameter.precision)
            raw = Decimal(repr(low + (high - low) * rng.random()))
            decimals.add(parameter.name)
            return sympy.Rational(str(raw.quantize(quantum, rounding=ROUND_HALF_EVEN)))
        if parameter.kind == "choice":
            choice = rng.choice(parameter.choices)
            if isinstance(choice, float) or (isinstance(choice, str) and "." in choice):
                decimals.add(parameter.name)
            if isinstance(choice, (int, float)):
                return sympy.Rational(str(choice))  # exact, so answers over it stay exact
            return self._evaluate(choice, values, decimals, parameter.name)
        return self._evaluate(parameter.expr, values, decimals, parameter.name)

    def _evaluate(
        self,
        text: str,
        values: dict[str, sympy.Basic],
        decimals: set[str] | None = None,
        name: str | None = None,
    ) -> sympy.Basic:
        try:
            value = parse_expression(text, symbols=self.variables, values=values, author=True)
        except AuthorTimeout as exc:  # another draw would wait as long again: stop here
            raise TemplateError(self.where, [f"expression {text!r}: {exc.message}"]) from None
        except MathSyntaxError as exc:
            raise _NoValue(f"{text!r}: {exc.message}") from None
        # A value computed from decimals reads best as a decimal too.
        if (
            decimals is not None
            and name is not None
            and ("." in text or any(_mentions(text, d) for d in decimals))
        ):
            decimals.add(name)
        return value

    def draw_values(self, seed: int) -> tuple[dict[str, sympy.Basic], set[str]]:
        """Draw until every constraint holds. Each constraint is checked as soon as the parameters
        it names are drawn, so a later derived value never sees a draw the constraint rejects
        (a divisor it keeps from zero, say); a draw whose derived value has no value is rejected."""
        rng = random.Random(f"{self.topic_id}/{self.id}/{self.revision}/{seed}")
        pending = self._constraints_by_parameter()
        last_problem = "the constraints were never all met"
        deadline = time.monotonic() + DRAW_SECONDS
        for _ in range(MAX_DRAWS):
            if time.monotonic() > deadline:
                raise TemplateError(
                    self.where,
                    [
                        f"drawing parameters took longer than {DRAW_SECONDS:g} s "
                        f"(seed {seed}; {last_problem})"
                    ],
                )
            values: dict[str, sympy.Basic] = {}
            decimals: set[str] = set()
            try:
                for parameter in self.parameters:
                    values[parameter.name] = self._draw(parameter, rng, values, decimals)
                    if not all(self._holds(c, values) for c in pending[parameter.name]):
                        break
                else:
                    return values, decimals
            except _NoValue as exc:
                last_problem = exc.message
        raise TemplateError(
            self.where,
            [
                f"no parameters satisfying the constraints were found in {MAX_DRAWS} draws "
                f"(seed {seed}; {last_problem})"
            ],
        )

    def _constraints_by_parameter(self) -> dict[str, list[str]]:
        """Each constraint, filed under the last parameter it mentions."""
        names = [p.name for p in self.parameters]
        by_parameter: dict[str, list[str]] = {name: [] for name in names}
        for constraint in self.spec.constraints:
            mentioned = [i for i, name in enumerate(names) if _mentions(constraint, name)]
            by_parameter[names[max(mentioned)] if mentioned else names[0]].append(constraint)
        return by_parameter

    def _holds(self, constraint: str, values: dict[str, sympy.Basic]) -> bool:
        result = self._evaluate(constraint, values)
        if result not in (sympy.true, sympy.false):
            raise TemplateError(
                self.where, [f"constraint {constraint!r} is not a true/false condition"]
            )
        return bool(result)

    def signature(self, seed: int) -> tuple[tuple[str, str], ...]:
        """What makes two variants the same question: their parameter values."""
        signature = self._signatures.get(seed)
        if signature is None:
            values, _ = self.draw_values(seed)
            signature = tuple(sorted((name, str(value)) for name, value in values.items()))
            if len(self._signatures) < 10_000:
                self._signatures[seed] = signature
        return signature

    def variant(self, seed: int) -> Variant:
        values, decimals = self.draw_values(seed)
        plain = {k: numbers.plain(v, k in decimals) for k, v in values.items()}
        tex = {k: numbers.tex(v, k in decimals) for k, v in values.items()}
        labels = part_labels(len(self.spec.parts)) if self.spec.multipart else [""]
        parts = tuple(
            self._part(spec, label, values, decimals, tex)
            for spec, label in zip(self.spec.parts, labels, strict=True)
        )
        answers = {"answer": parts[0].answer_tex} if len(parts) == 1 else {}
        tex_with_answer = {**tex, **answers}
        return Variant(
            topic_id=self.topic_id,
            template_id=self.id,
            revision=self.revision,
            seed=seed,
            values=values,
            plain_values=plain,
            prompt=fill(self.spec.prompt, tex),
            hints=tuple(fill(h, tex_with_answer) for h in self.spec.hints),
            solution=fill(self.spec.solution, tex_with_answer),
            variables=tuple(self.variables),
            parts=parts,
        )

    def _part(
        self,
        spec: PartSpec,
        label: str,
        values: dict[str, sympy.Basic],
        decimals: set[str],
        tex: dict[str, str],
    ) -> Part:
        test = spec.test
        options = dict(spec.options)
        if self.variables:
            options.setdefault("variables", list(self.variables))
        answer, answer_plain, answer_tex = self._answer(
            spec.answer, test, values, decimals, options
        )
        tex_with_answer = {**tex, "answer": answer_tex}
        mistakes = tuple(
            Mistake(
                answer=self._evaluate(m.answer, values),
                feedback=fill(m.feedback, tex_with_answer),
                note=m.note,
                prerequisite=m.prerequisite,
            )
            for m in spec.mistakes
        )
        return Part(
            label=label,
            prompt=fill(spec.prompt, tex),
            answer=answer,
            answer_plain=answer_plain,
            answer_tex=answer_tex,
            test=test,
            options=options,
            mistakes=mistakes,
            choices=tuple(str(c) for c in options.get("choices", ())),
            tests=spec.tests,
        )

    def _answer(
        self,
        raw: Any,
        test: str,
        values: dict[str, sympy.Basic],
        decimals: set[str],
        options: dict[str, Any],
    ) -> tuple[Any, str, str]:
        if test in ("MultipleChoice", "AnyOf"):
            text = "; ".join(map(str, raw)) if isinstance(raw, list) else str(raw)
            return raw, text, text
        value = self._evaluate(str(raw), values, decimals, "answer")
        is_decimal = "answer" in decimals or test.startswith("Num")
        decimals.discard("answer")
        return (
            value,
            numbers.plain(value, is_decimal),
            numbers.answer_tex(value, test, options, is_decimal),
        )


def part_labels(count: int) -> list[str]:
    return [f"({chr(ord('a') + index)})" for index in range(count)]


def _mentions(text: str, name: str) -> bool:
    """Whether ``text`` mentions the parameter ``name`` as a whole word."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text) is not None


def fill(text: str, values: dict[str, str]) -> str:
    """Replace ``{{name}}`` placeholders; unknown names were rejected by validation."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
