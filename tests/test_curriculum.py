"""The shipped curriculum, walked topic by topic: every section, every template, every mistake."""

from __future__ import annotations

import re

import pytest
import sympy

from tests.conftest import SHIPPED_CONTENT_DIR
from tutor.checking import to_plain
from tutor.content import check_levels, load_directory
from tutor.graph import KnowledgeGraph
from tutor.questions import CompiledTemplate, grade

TOPICS, ERRORS = load_directory(SHIPPED_CONTENT_DIR)
SEED = "vanishing-gradient-problem"


def test_the_curriculum_loads_without_errors() -> None:
    assert ERRORS == []
    assert check_levels(TOPICS) == []
    assert len(TOPICS) >= 100


# The seed page's own figures (shared/seed/vanishing-gradient-problem.txt): its prerequisite chain,
# as titles, root first.
SEED_CHAIN = (
    "Counting to 10",
    "Counting to 20",
    "Understanding Zero",
    "The Number Zero",
    "Counting to Five",
    "One-to-One Correspondence",
    "Combining Small Groups Within 5",
    "Addition Within 10",
    "Addition Within 20",
    "Two-Digit Addition Without Regrouping",
    "Two-Digit Addition with Regrouping",
    "Addition Within 100",
    "Repeated Addition as Multiplication",
    "Multiplication Facts Within 100",
    "Division as Equal Sharing",
    "Division as Grouping (Measurement Division)",
    "Division: Grouping (Repeated Subtraction) Model",
    "Division: Fair Sharing Model",
    "Division as Equal Sharing",
    "Division as Grouping",
    "Basic Division Facts",
    "Division Facts Within 100",
    "Two-Digit by One-Digit Division",
    "Division with Remainders",
    "Remainders and Quotients in Division",
    "Division Word Problems",
    "Introduction to Long Division",
    "Factors and Multiples",
    "Prime and Composite Numbers",
    "Equivalent Fractions",
    "Relating Fractions and Decimals",
    "Decimal Place Value",
    "Reading and Writing Decimals",
    "Comparing and Ordering Decimals",
    "Adding and Subtracting Decimals",
    "Multiplying Decimals",
    "Dividing Decimals",
    "Dividing Fractions",
    "Mixed Number Arithmetic",
    "Order of Operations",
    "Integer Order of Operations",
    "Variable Expressions",
    "Combining Like Terms",
    "One-Step Equations",
    "Two-Step Equations",
    "Solving Multi-Step Equations",
    "Equations with Variables on Both Sides",
    "Literal Equations",
    "Slope-Intercept Form",
    "Point-Slope Form",
    "Writing Linear Equations",
    "Parallel and Perpendicular Line Slopes",
    "Graphing Linear Equations",
    "Piecewise Functions",
    "Step Functions",
    "Composition of Functions",
    "Inverse Functions",
    "Radical Functions and Graphs",
    "Rational Exponents",
    "Exponential Functions and Graphs",
    "Geometric Sequences and Series",
    "Sigma Notation",
    "Expected Value",
    "Linear Regression in Machine Learning",
    "Neural Network Fundamentals",
    "Backpropagation Algorithm",
    "Multilayer Perceptrons (MLPs)",
    "Vanishing Gradient Problem",
)


def test_the_seed_topic_has_the_seed_pages_figures() -> None:
    """Depth 67, a 68-step path with the seed's titles, 408 prerequisites, 57 downstream, 2 and
    2."""
    graph = KnowledgeGraph.from_topics(TOPICS)
    figures = graph.figures(SEED)
    assert figures.depth == 67
    assert tuple(graph.title(t) for t in figures.longest_chain) == SEED_CHAIN
    assert figures.prerequisite_count == 408
    assert figures.downstream_count == 57
    assert sorted(graph.prerequisites(SEED)) == [
        "backpropagation-algorithm",
        "multilayer-perceptrons-mlps",
    ]
    assert len(graph.leads_to(SEED)) == 2


def test_every_topic_lies_on_the_seeds_way_or_beyond_it() -> None:
    graph = KnowledgeGraph.from_topics(TOPICS)
    around = graph.ancestors(SEED) | graph.descendants(SEED) | {SEED}
    assert [t.id for t in TOPICS if t.id not in around] == []


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_every_topic_is_complete(topic) -> None:
    assert topic.core_idea and topic.how_best_learned
    words = len(re.findall(r"[A-Za-z]+", topic.explainer))
    assert words >= 150, f"{topic.id}: explainer has {words} words"
    assert len(topic.templates) >= 3
    assert 3 <= len(topic.tags) <= 6


def _as_typed(value: sympy.Basic) -> str:
    """What a learner would type for this value: its plain form, or 15 significant figures
    when that form is longer than an answer may be (an exact (1 + r/12)^120)."""
    text = to_plain(value)
    return text if len(re.sub(r"\D", "", text)) <= 60 else str(sympy.N(value, 15))


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_every_template_accepts_its_answer_and_recognises_its_mistakes(topic) -> None:
    for template in topic.templates:
        compiled = CompiledTemplate(topic.id, template)
        assert any(part.mistakes for part in compiled.variant(0).parts), (
            f"{template.id}: no mistake rule"
        )
        for seed in (0, 1):
            variant = compiled.variant(seed)
            for index, part in enumerate(variant.parts):
                assert grade(variant, part.answer_plain, index).correct, (template.id, seed)
                for mistake in part.mistakes:
                    if not isinstance(mistake.answer, sympy.Basic):
                        continue
                    result = grade(variant, _as_typed(mistake.answer), index)
                    assert not result.correct, (template.id, seed, mistake.note)
                    assert result.mistake is not None, (template.id, seed, mistake.note)
                    assert result.feedback == result.mistake.feedback
