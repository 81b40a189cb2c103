// Draws a topic's neighbourhood in the knowledge graph with Cytoscape.js and the dagre layout.
// The data comes from GET /api/topics/<id>/graph; the page keeps its plain lists of links, so
// the picture is an addition, never the only way to move around.
"use strict";

(function () {
  const COLOURS = { self: "#1f6feb", prerequisite: "#8250df", "leads-to": "#1a7f37" };

  function elementsOf(data) {
    const nodes = data.nodes.map((node) => ({
      data: { id: node.id, label: node.title, relation: node.relation, distance: node.distance },
      classes: node.relation + (node.relation === "self" ? " landmark" : ""),
    }));
    const edges = data.edges.map((edge) => ({
      data: { id: `${edge.source}->${edge.target}`, source: edge.source, target: edge.target },
    }));
    return nodes.concat(edges);
  }

  function style() {
    return [
      ...GraphView.nodeStyle(),
      { selector: "node", style: { "background-color": "#57606a" } },
      ...Object.entries(COLOURS).map(([relation, colour]) => ({
        selector: `node.${relation}`,
        style: { "background-color": colour },
      })),
      { selector: "node.self", style: { "border-width": 3, "border-color": "#0b3d91" } },
      {
        selector: "edge",
        style: {
          width: 1.5,
          "line-color": "#8c959f",
          "target-arrow-color": "#8c959f",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
        },
      },
    ];
  }

  function draw(container, data) {
    GraphView.frame(container);
    const graph = cytoscape({
      container,
      elements: elementsOf(data),
      style: style(),
      layout: { name: "dagre", rankDir: "TB", nodeSep: 20, rankSep: 50, fit: false },
      // The wheel scrolls the page, not the picture; the buttons above it zoom.
      userZoomingEnabled: false,
      boxSelectionEnabled: false,
      autoungrabify: true,
      maxZoom: 2,
    });
    GraphView.attach(graph, container, {
      fit: () => graph.elements(),
      // Fitting a wide neighbourhood into a phone would shrink every label away: open at the
      // smallest zoom that still draws labels, centred on this topic, when fitting is smaller.
      readableAround: () => graph.nodes(".self"),
      fitLabel: "Fit",
      showAll: false, // fitting already shows the whole neighbourhood
      topicUrl: (id) => container.dataset.topicUrl.replace("__id__", encodeURIComponent(id)),
      isCurrent: (node) => node.data("relation") === "self",
    });
    container.cy = graph;
    container.dataset.nodes = String(graph.nodes().length);
    container.dataset.edges = String(graph.edges().length);
    container.dataset.rendered = "true";
    return graph;
  }

  function fail(container, message) {
    container.dataset.rendered = "error";
    container.textContent = message;
  }

  function start() {
    const container = document.getElementById("topic-graph");
    if (!container) return;
    // cytoscape-dagre registers its layout with the global cytoscape when it loads.
    if (typeof cytoscape === "undefined" || typeof cytoscapeDagre === "undefined") {
      fail(container, "The graph picture needs Cytoscape.js, which is not installed (run npm ci).");
      return;
    }
    fetch(container.dataset.graphUrl, { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      })
      .then((data) => draw(container, data))
      .catch((error) => fail(container, `The graph picture could not be loaded (${error.message}).`));
  }

  document.addEventListener("DOMContentLoaded", start);
})();
