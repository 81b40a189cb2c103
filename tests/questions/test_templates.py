import copy

import pytest

from tests.topics import SIMPLE_TEMPLATE, topic_text
from tutor.content import parse_topic
from tutor.content.model import Template
from tutor.questions import CompiledTemplate, TemplateError, grade, self_test_template


def compiled(spec: dict, topic_id: str = "adding") -> CompiledTemplate:
    return CompiledTemplate(topic_id, Template(spec["id"], spec, 1))


def with_changes(**changes) -> dict:
    spec = copy.deepcopy(SIMPLE_TEMPLATE)
    spec.update(changes)
    return spec


def test_a_seed_reproduces_its_variant() -> None:
    template = compiled(SIMPLE_TEMPLATE)
    first = template.variant(42)
    again = compiled(copy.deepcopy(SIMPLE_TEMPLATE)).variant(42)
    assert first.values == again.values
    assert first.prompt == again.prompt
    assert first.answer_plain == str(int(first.values["a"] + first.values["b"]))


def test_seeds_spread_over_the_range() -> None:
    template = compiled(SIMPLE_TEMPLATE)
    drawn = {int(template.variant(seed).values["a"]) for seed in range(200)}
    assert drawn == set(range(2, 10))


def test_known_values_for_a_seed_never_change() -> None:
    # Pinned so that a change in drawing (which would change every stored attempt's question)
    # cannot pass unnoticed.
    variant = compiled(SIMPLE_TEMPLATE).variant(7)
    assert (int(variant.values["a"]), int(variant.values["b"])) == (5, 4)
    assert variant.prompt == "What is $5 + 4$?"


def test_int_step_decimal_precision_choice_and_derived_values() -> None:
    spec = with_changes(
        parameters={
            "k": {"int": [2, 20], "step": 3},
            "w": {"decimal": [0.5, 2.0], "precision": 2},
            "f": {"choice": [0.1, 0.2, 0.25]},
            "g": {"expr": "f^k"},
            "p": {"expr": "expand((x + k)^2)"},
        },
        variables=["x"],
        constraints=[],
        prompt="${{p}}$, ${{g}}$, ${{w}}$",
        answer="p",
        hints=[],
        mistakes=[],
        tests=[],
        solution="",
    )
    template = compiled(spec)
    for seed in range(30):
        variant = template.variant(seed)
        k = int(variant.values["k"])
        assert k in range(2, 21, 3)
        w = variant.values["w"]
        assert 0.5 <= float(w) <= 2.0 and (w * 100).is_integer
        assert variant.plain_values["f"] in {"0.1", "0.2", "0.25"}
        assert "\\times 10^" in variant.prompt or float(variant.values["g"]) >= 1e-4


def test_constraints_hold_in_every_variant() -> None:
    spec = with_changes(constraints=["a > b"])
    template = compiled(spec)
    assert all(template.variant(s).values["a"] > template.variant(s).values["b"] for s in range(50))


def test_unsatisfiable_constraints_fail_clearly_and_quickly() -> None:
    template = compiled(with_changes(constraints=["a > 100"]))
    with pytest.raises(TemplateError, match="no parameters satisfying the constraints"):
        template.variant(1)


@pytest.mark.parametrize(
    "code",
    [
        "__import__('os').system('true')",
        "a.__class__",
        "lambda: 1",
        "import os",
        "open('/etc/passwd')",
        "eval('1')",
        "[a for a in b]",
    ],
)
def test_anything_that_is_not_math_is_refused(code: str) -> None:
    with pytest.raises(TemplateError):
        compiled(with_changes(answer=code))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"test": "Nonsense"}, "unknown answer test"),
        ({"prompt": "What is {{c}}?"}, "unknown placeholder {{c}}"),
        ({"parameters": {"a": {"int": [9, 2]}}}, "low <= high"),
        ({"parameters": {"a": {"int": [1, 2], "choice": [1]}}}, "exactly one of"),
        ({"mistakes": [{"answer": "a"}]}, "needs 'answer' and 'feedback'"),
        ({"tests": [{"response": "1", "expect": "maybe"}]}, "'expect' (correct, wrong or invalid)"),
        (
            {"tests": [{"response": "1", "expect": "wrong", "mistake": "nope"}]},
            "no mistake rule has the note",
        ),
        ({"surprise": 1}, "unknown keys"),
        ({"answer": "a + c"}, "unknown name(s) c"),
        ({"constraints": ["z > 1"]}, "unknown name(s) z"),
    ],
)
def test_malformed_templates_are_reported(changes: dict, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        compiled(with_changes(**changes))
    assert message in str(info.value)
    assert "template 'add'" in str(info.value)


def test_grading_recognises_the_mistake() -> None:
    variant = compiled(SIMPLE_TEMPLATE).variant(3)
    a, b = int(variant.values["a"]), int(variant.values["b"])
    right = grade(variant, str(a + b))
    assert right.correct and right.mistake is None
    wrong = grade(variant, f"{a}*{b}")
    assert not wrong.correct and wrong.mistake is not None
    assert wrong.feedback == "You multiplied; add instead."
    assert wrong.note == "multiplied"
    invalid = grade(variant, "3+*")
    assert not invalid.valid


def test_self_tests_pass_for_a_good_template() -> None:
    topic = parse_topic(topic_text("adding"), "adding.md")
    assert self_test_template(topic, "add", seeds=20) == []


def test_self_tests_name_topic_template_and_seed() -> None:
    broken = with_changes(tests=[{"response": "{{answer}} + 1", "expect": "correct"}])
    topic = parse_topic(topic_text("adding", templates=[broken]), "adding.md")
    failures = self_test_template(topic, "add", seeds=3)
    assert failures
    assert str(failures[0]).startswith("topic 'adding', template 'add', seed 0: test 1:")


def test_a_mistake_rule_that_accepts_the_answer_is_caught() -> None:
    broken = with_changes(mistakes=[{"answer": "b + a", "feedback": "?", "note": "same"}], tests=[])
    topic = parse_topic(topic_text("adding", templates=[broken]), "adding.md")
    failures = self_test_template(topic, "add", seeds=2)
    assert any("mistake rule 'same' accepts the expected answer" in str(f) for f in failures)


MULTI_PART = {
    "id": "line",
    "parameters": {"m": {"int": [2, 6]}, "c": {"int": [1, 9]}},
    "variables": ["x"],
    "prompt": "A line has slope ${{m}}$ and passes through $(0, {{c}})$.",
    "parts": [
        {
            "prompt": "Its equation?",
            "answer": "m*x + c",
            "mistakes": [
                {"answer": "c*x + m", "feedback": "Slope and intercept swapped.", "note": "swapped"}
            ],
            "tests": [
                {"response": "{{answer}}", "expect": "correct"},
                {"response": "{{c}}x + {{m}}", "expect": "wrong", "mistake": "swapped"},
            ],
        },
        {
            "prompt": "Where does it cross $y = 0$? Give x to 2 decimal places.",
            "answer": "-c/m",
            "test": "NumAbsolute",
            "options": {"tol": 0.01},
            "tests": [{"response": "{{answer}}", "expect": "correct"}],
        },
    ],
    "solution": "The line is $y = {{m}}x + {{c}}$.",
}


def test_multi_part_questions_share_parameters() -> None:
    from tutor.questions import grade_all

    template = compiled(MULTI_PART)
    variant = template.variant(4)
    m, c = int(variant.values["m"]), int(variant.values["c"])
    assert [p.label for p in variant.parts] == ["(a)", "(b)"]
    assert variant.parts[1].prompt == "Where does it cross $y = 0$? Give x to 2 decimal places."
    grades = grade_all(variant, [f"{m}x+{c}", str(-c / m)])
    assert [g.correct for g in grades] == [True, True]
    grades = grade_all(variant, [f"{c}x+{m}", "0"])
    assert grades[0].mistake is not None and grades[0].note == "swapped"
    assert not grades[1].correct


def test_multi_part_self_tests_run_per_part() -> None:
    topic = parse_topic(topic_text("lines", templates=[MULTI_PART]), "lines.md")
    assert self_test_template(topic, "line", seeds=10) == []


def test_parts_and_a_top_level_answer_do_not_mix() -> None:
    with pytest.raises(TemplateError, match="inside each part"):
        compiled({**MULTI_PART, "answer": "1"})


def test_signature_tells_equal_variants_apart() -> None:
    template = compiled(SIMPLE_TEMPLATE)
    signatures = {template.signature(seed) for seed in range(100)}
    assert 30 < len(signatures) <= 8 * 8
    assert template.signature(7) == (("a", "5"), ("b", "4"))


def test_constraints_guard_later_derived_values() -> None:
    spec = with_changes(
        parameters={"d": {"int": [-3, 3]}, "q": {"expr": "6/d"}},
        constraints=["d != 0"],
        prompt="${{q}}$",
        answer="q",
        mistakes=[],
        tests=[],
        hints=[],
        solution="",
    )
    template = compiled(spec)
    assert all(template.variant(seed).values["d"] != 0 for seed in range(40))


def test_a_derived_value_without_value_is_redrawn() -> None:
    spec = with_changes(
        parameters={"d": {"int": [0, 3]}, "q": {"expr": "6/d"}},
        constraints=[],
        prompt="${{q}}$",
        answer="q",
        mistakes=[],
        tests=[],
        hints=[],
        solution="",
    )
    template = compiled(spec)
    assert all(template.variant(seed).values["d"] != 0 for seed in range(40))


@pytest.mark.parametrize(
    ("prompt", "answer", "test", "options", "complaint"),
    [
        ("What is ${{a}} / 3$?", "a/3", "AlgEquiv", {}, "does not ask for the exact value"),
        (
            "What is $\\sqrt{ {{a}} }$?",
            "sqrt(a)",
            "AlgEquiv",
            {},
            "does not ask for the exact value",
        ),
        (
            "What is ${{a}} / 3$?",
            "a/3",
            "NumRelative",
            {"tol": 0.001},
            "does not say to what precision",
        ),
        ("What is ${{a}} / 3$? Give the exact value.", "a/3", "AlgEquiv", {}, None),
        ("What is ${{a}} / 3$ to 2 decimal places?", "a/3", "NumAbsolute", {"tol": 0.005}, None),
        ("What is ${{a}} / 4$?", "a/4", "AlgEquiv", {}, None),  # a finite decimal can be typed
        ("What is ${{a}} / 3$?", "a/3", "AlgEquiv", {"decimals": "accept"}, None),
    ],
)
def test_a_prompt_must_say_how_to_answer(prompt, answer, test, options, complaint) -> None:
    spec = with_changes(
        parameters={"a": {"choice": [1, 2, 4, 5]}},
        constraints=[],
        prompt=prompt,
        answer=answer,
        test=test,
        options=options,
        mistakes=[],
        tests=[],
        solution="{{answer}}",
        hints=[],
    )
    topic = parse_topic(topic_text("adding", templates=[spec]), "adding.md")
    messages = [str(f) for f in self_test_template(topic, "add", seeds=4)]
    if complaint is None:
        assert messages == []
    else:
        assert messages and all(complaint in m for m in messages)
