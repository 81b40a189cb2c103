"""Direct lookups, the learner queries and the neighbourhood, on small hand-made graphs."""

from __future__ import annotations

import pytest

from tutor.graph import KnowledgeGraph

#   count -> add -> multiply -> divide -> fractions
#              \-> subtract --------------/
SPEC = {
    "count": [],
    "add": ["count"],
    "subtract": ["add"],
    "multiply": ["add*0.5"],
    "divide": ["multiply", "subtract"],
    "fractions": ["divide", "subtract"],
}
TITLES = {
    "count": "Counting",
    "add": "Addition",
    "subtract": "Subtraction",
    "multiply": "Multiplication",
    "divide": "Division",
    "fractions": "Fractions",
}


@pytest.fixture
def graph(make_topics) -> KnowledgeGraph:
    return KnowledgeGraph.from_topics(make_topics(SPEC, TITLES))


def test_lookups(graph: KnowledgeGraph) -> None:
    assert len(graph) == 6 and "add" in graph and "nope" not in graph
    assert graph.title("divide") == "Division"
    assert graph.prerequisites("divide") == ["multiply", "subtract"]
    assert graph.leads_to("add") == ["multiply", "subtract"]
    assert graph.leads_to("subtract") == ["divide", "fractions"]
    assert graph.weight("add", "multiply") == 0.5 and graph.weight("count", "add") == 1.0
    assert graph.ancestors("divide") == {"count", "add", "subtract", "multiply"}
    assert graph.descendants("subtract") == {"divide", "fractions"}
    assert dict(graph.digraph.nodes["add"]) == {"title": "Addition", "level": "Elementary"}


@pytest.mark.parametrize(
    "call",
    [
        lambda g: g.title("nope"),
        lambda g: g.prerequisites("nope"),
        lambda g: g.leads_to("nope"),
        lambda g: g.figures("nope"),
        lambda g: g.ancestors("nope"),
        lambda g: g.descendants("nope"),
        lambda g: g.path_to_goal("nope", []),
        lambda g: g.neighbourhood("nope"),
        lambda g: g.weight("nope", "add"),
    ],
)
def test_unknown_ids_raise_key_error(graph: KnowledgeGraph, call) -> None:
    with pytest.raises(KeyError, match="unknown topic id 'nope'"):
        call(graph)


def test_weight_of_a_missing_edge(graph: KnowledgeGraph) -> None:
    with pytest.raises(KeyError, match="not a direct prerequisite"):
        graph.weight("count", "divide")


def test_topological_order(graph: KnowledgeGraph) -> None:
    order = graph.topological_order()
    assert order == ["count", "add", "multiply", "subtract", "divide", "fractions"]


def test_frontier(graph: KnowledgeGraph) -> None:
    assert graph.frontier([]) == ["count"]
    assert graph.frontier({"count", "add"}) == ["multiply", "subtract"]
    assert graph.frontier({"count", "add", "multiply"}) == ["subtract"]
    assert graph.frontier(set(SPEC)) == []
    assert graph.frontier({"count", "removed-topic"}) == ["add"]


def test_path_to_goal_puts_prerequisites_first_and_keeps_branches_together(
    graph: KnowledgeGraph,
) -> None:
    assert graph.path_to_goal("fractions", []) == [
        "count",
        "add",
        "multiply",
        "subtract",
        "divide",
        "fractions",
    ]
    assert graph.path_to_goal("fractions", {"count", "add", "subtract"}) == [
        "multiply",
        "divide",
        "fractions",
    ]
    assert graph.path_to_goal("count", []) == ["count"]


def test_neighbourhood(graph: KnowledgeGraph) -> None:
    hood = graph.neighbourhood("divide", up=1, down=1)
    assert [(n["id"], n["relation"], n["distance"]) for n in hood["nodes"]] == [
        ("divide", "self", 0),
        ("multiply", "prerequisite", 1),
        ("subtract", "prerequisite", 1),
        ("fractions", "leads-to", 1),
    ]
    assert hood["nodes"][0] == {
        "id": "divide",
        "title": "Division",
        "level": "Elementary",
        "relation": "self",
        "distance": 0,
    }
    edges = {(e["source"], e["target"]) for e in hood["edges"]}
    assert edges == {
        ("multiply", "divide"),
        ("subtract", "divide"),
        ("divide", "fractions"),
        ("subtract", "fractions"),
    }


def test_neighbourhood_distance_is_the_shortest_way(graph: KnowledgeGraph) -> None:
    hood = graph.neighbourhood("fractions", up=3, down=0)
    distances = {n["id"]: n["distance"] for n in hood["nodes"]}
    assert distances == {
        "fractions": 0,
        "divide": 1,
        "subtract": 1,
        "multiply": 2,
        "add": 2,
        "count": 3,
    }


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True])
def test_neighbourhood_levels_must_be_whole_numbers(graph: KnowledgeGraph, bad) -> None:
    with pytest.raises(ValueError, match="whole number of levels"):
        graph.neighbourhood("add", up=bad)
