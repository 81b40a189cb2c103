"""The shipped curriculum, walked topic by topic: every section, every template, every mistake."""

from __future__ import annotations

import re

import pytest
import sympy

from tutor.checking import to_plain
from tutor.content import check_levels, load_directory
from tutor.graph import KnowledgeGraph
from tutor.questions import CompiledTemplate, grade
from tests.conftest import CONTENT_DIR

TOPICS, ERRORS = load_directory(CONTENT_DIR)
SEED = "vanishing-gradient-problem"


def test_the_curriculum_loads_without_errors() -> None:
    assert ERRORS == []
    assert check_levels(TOPICS) == []
    assert len(TOPICS) >= 100


def test_the_seed_topic_sits_where_the_seed_page_puts_it() -> None:
    graph = KnowledgeGraph.from_topics(TOPICS)
    figures = graph.figures(SEED)
    assert figures.depth == 67
    assert len(figures.longest_chain) == 68
    assert graph.title(figures.longest_chain[0]) == "Counting to 10"
    assert sorted(graph.prerequisites(SEED)) == ["backpropagation-algorithm", "multilayer-perceptrons-mlps"]
    assert len(graph.leads_to(SEED)) == 2
    assert figures.downstream_count >= 12
    titles = [graph.title(t) for t in figures.longest_chain]
    assert titles.count("Division as Equal Sharing") == 2


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_every_topic_is_complete(topic) -> None:  # type: ignore[no-untyped-def]
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
def test_every_template_accepts_its_answer_and_recognises_its_mistakes(topic) -> None:  # type: ignore[no-untyped-def]
    for template in topic.templates:
        compiled = CompiledTemplate(topic.id, template)
        assert any(part.mistakes for part in compiled.variant(0).parts), f"{template.id}: no mistake rule"
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
