"""The knowledge graph layer: topics as a validated DAG, with figures and learner queries.

Edges run prerequisite -> topic. Figures for every topic (depth, longest chain, transitive
counts) are computed once per graph with bitsets, not per topic with ``nx.ancestors``.
"""

from tutor.graph.figures import TopicFigures
from tutor.graph.knowledge_graph import KnowledgeGraph
from tutor.graph.problems import GraphError, GraphProblem, validate_topics

__all__ = ["GraphError", "GraphProblem", "KnowledgeGraph", "TopicFigures", "validate_topics"]
