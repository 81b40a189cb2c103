"""Every figure equals networkx's answer, on random DAGs and on the planned curriculum."""

from __future__ import annotations

import itertools
import os
import random
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.content import load_directory
from tutor.content.model import Prerequisite, Topic
from tutor.graph import KnowledgeGraph, validate_topics
from tutor.graph.closure import compute_closure_of_edges, edge_arrays, redundant_edges


@st.composite
def random_dags(draw: st.DrawFn) -> list[Topic]:
    """Topics whose numbering is shuffled, so that input order is not a topological order."""
    size = draw(st.integers(1, 40))
    density = draw(st.sampled_from([0.05, 0.15, 0.4, 0.9]))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    names = [f"t{i}" for i in range(size)]
    rng.shuffle(names)
    prerequisites: dict[str, list[str]] = {name: [] for name in names}
    for later in range(size):
        for earlier in range(later):
            if rng.random() < density:
                prerequisites[names[later]].append(names[earlier])
    for listed in prerequisites.values():
        rng.shuffle(listed)
    order = list(prerequisites)
    rng.shuffle(order)
    return [_topic(name, prerequisites[name]) for name in order]


def _topic(name: str, prerequisites: list[str]) -> Topic:
    edges = tuple(Prerequisite(p) for p in prerequisites)
    return Topic(name, f"Topic {name}", "Elementary", prerequisites=edges)


def assert_figures_match_networkx(graph: KnowledgeGraph) -> None:
    g = graph.digraph
    figures = graph.all_figures()
    assert set(figures) == set(g)
    for topic_id, fig in figures.items():
        ancestors = nx.ancestors(g, topic_id)
        assert fig.prerequisite_count == len(ancestors)
        assert fig.downstream_count == len(nx.descendants(g, topic_id))
        assert fig.depth == nx.dag_longest_path_length(
            g.subgraph(ancestors | {topic_id}), weight=None
        )
        chain = fig.longest_chain
        assert len(chain) == fig.depth + 1 and chain[-1] == topic_id
        assert g.in_degree(chain[0]) == 0
        assert all(g.has_edge(a, b) for a, b in itertools.pairwise(chain))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(random_dags())
def test_figures_equal_networkx_on_random_dags(topics: list[Topic]) -> None:
    assert_figures_match_networkx(KnowledgeGraph.from_topics(topics))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(random_dags())
def test_redundant_edges_are_those_the_transitive_reduction_drops(topics: list[Topic]) -> None:
    graph = KnowledgeGraph.from_topics(topics)
    reduced = set(nx.transitive_reduction(graph.digraph).edges)
    expected = set(graph.digraph.edges) - reduced
    redundant = [p for p in validate_topics(topics) if p.code == "redundant-edge"]
    assert {(p.topic_ids[1], p.topic_ids[0]) for p in redundant} == expected
    for problem in redundant:
        topic, prerequisite, via = problem.topic_ids
        assert via in graph.prerequisites(topic) and prerequisite in graph.ancestors(via)


def test_figures_equal_networkx_on_the_curriculum(curriculum: list[Topic]) -> None:
    assert_figures_match_networkx(KnowledgeGraph.from_topics(curriculum))


def test_seed_topic_sits_at_the_end_of_the_planned_chain(curriculum: list[Topic]) -> None:
    figures = KnowledgeGraph.from_topics(curriculum).figures("vanishing-gradient-problem")
    assert figures.depth == 67
    assert figures.longest_chain[0] == "counting-to-10"
    assert figures.longest_chain[-2:] == (
        "multilayer-perceptrons-mlps",
        "vanishing-gradient-problem",
    )


def test_figures_are_computed_once_and_kept(curriculum: list[Topic]) -> None:
    graph = KnowledgeGraph.from_topics(curriculum)
    assert graph.all_figures() is graph.all_figures()


def test_chain_ties_go_to_the_prerequisite_listed_first(make_topics) -> None:
    graph = KnowledgeGraph.from_topics(make_topics({"a": [], "b": [], "c": ["b", "a"]}))
    assert graph.figures("c").longest_chain == ("b", "c")


def test_a_long_chain_needs_no_recursion() -> None:
    preds = [[i - 1] if i else [] for i in range(5000)]
    assert redundant_edges(preds) == []
    topics = [_topic(f"n{i}", [f"n{i - 1}"] if i else []) for i in range(5000)]
    graph = KnowledgeGraph.from_topics(topics)
    assert graph.figures("n4999").depth == 4999
    assert graph.figures("n0").downstream_count == 4999
    assert len(graph.path_to_goal("n4999", set())) == 5000


CONTENT = Path(
    os.environ.get("TUTOR_CONTENT_DIR") or Path(__file__).resolve().parents[2] / "content"
)


@pytest.mark.skipif(not CONTENT.is_dir(), reason="no content/ directory yet")
def test_figures_equal_networkx_on_the_shipped_content() -> None:
    topics, errors = load_directory(CONTENT)
    assert errors == []
    graph = KnowledgeGraph.from_topics(topics)
    assert_figures_match_networkx(graph)
    if "vanishing-gradient-problem" in graph:
        assert graph.figures("vanishing-gradient-problem").depth == 67


@settings(max_examples=25, deadline=None, derandomize=True)
@given(random_dags())
def test_the_two_passes_agree_when_the_descendants_pass_runs_in_a_child_process(
    topics: list[Topic],
) -> None:
    ids = [t.id for t in topics]
    number = {topic_id: i for i, topic_id in enumerate(ids)}
    preds = [[number[p.topic_id] for p in t.prerequisites] for t in topics]
    source, target = edge_arrays(preds)
    in_one_process = compute_closure_of_edges(
        len(ids), source, target, parallel_min_nodes=len(ids) + 1
    )
    forked = compute_closure_of_edges(len(ids), source, target, parallel_min_nodes=0)
    assert forked == in_one_process
    graph = KnowledgeGraph.from_topics(topics)
    assert [graph.figures(t).downstream_count for t in ids] == forked.descendant_count


def test_a_failure_in_the_child_process_is_raised_here() -> None:
    from tutor.graph.closure import _beside

    assert _beside(lambda: "here", lambda: "there") == ("here", "there")
    with pytest.raises(ZeroDivisionError):
        _beside(lambda: "here", lambda: 1 / 0)
