// Draws the learner's knowledge map (GET /api/map) with Cytoscape.js and the dagre layout:
// topics coloured by status, the path to the goal drawn in bold. It opens fitted to the path
// to the goal (the whole graph when there is none); graph-view.js keeps labels readable and
// gives the Fit / Show all / zoom controls. The instance is left on the container as `.cy`.
"use strict";

(function () {
  const COLOURS = {
    mastered: "#1a7f37", ready: "#0969da", "path-ready": "#bf3989", path: "#cf6ba9",
    goal: "#8250df", later: "#6e7781",
  };

  function elementsOf(data) {
    const onPath = new Set(data.path);
    const nodes = data.nodes.map((node) => ({
      data: { id: node.id, label: node.title, status: node.status },
      classes: node.status + (onPath.has(node.id) ? " on-path" : "") +
        // Landmarks keep a readable label at every zoom: where you are going, and the next step.
        (node.status === "goal" || node.id === data.path[0] ? " landmark" : ""),
    }));
    const edges = data.edges.map((edge) => ({
      data: { id: `${edge.source}->${edge.target}`, source: edge.source, target: edge.target },
      classes: onPath.has(edge.target) && (onPath.has(edge.source)) ? "on-path" : "",
    }));
    return nodes.concat(edges);
  }

  function style() {
    return [
      ...GraphView.nodeStyle(),
      { selector: "node", style: { "background-color": COLOURS.later } },
      ...Object.entries(COLOURS).map(([status, colour]) => ({
        selector: `node.${status}`, style: { "background-color": colour } })),
      { selector: "node.on-path", style: { "border-width": 3, "border-color": "#4a1d6e" } },
      { selector: "edge", style: { width: 1, "line-color": "#c4c9cf", "target-arrow-color": "#c4c9cf",
        "target-arrow-shape": "triangle", "curve-style": "bezier" } },
      { selector: "edge.on-path", style: { width: 3, "line-color": "#8250df", "target-arrow-color": "#8250df" } },
      { selector: ".faded", style: { opacity: 0.25 } },
      { selector: "node.highlight", style: { "border-width": 4, "border-color": "#102a43" } },
      { selector: "edge.highlight", style: { width: 2, "line-color": "#102a43", "target-arrow-color": "#102a43" } },
    ];
  }

  // Highlight hook: /map?highlight=<topic>&show=... puts the ids a topic page's figure counts in
  // data-highlight; those are drawn bold and the rest faded (the view is then fitted to them).
  function highlight(graph, container) {
    const ids = new Set(JSON.parse(container.dataset.highlight || "[]"));
    if (!ids.size) return false;
    const marked = graph.nodes().filter((node) => ids.has(node.id()));
    graph.elements().addClass("faded");
    marked.union(marked.edgesWith(marked)).removeClass("faded").addClass("highlight");
    container.dataset.highlighted = String(marked.length);
    return true;
  }

  function draw(container, data) {
    const topicUrl = (id) => container.dataset.topicUrl.replace("__id__", encodeURIComponent(id));
    GraphView.frame(container);
    const graph = cytoscape({
      container, elements: elementsOf(data), style: style(),
      // Left to right: the graph is far wider than deep, and stacking its wide ranks by node
      // height rather than node width gives a squarer picture, twice as large when fitted.
      layout: { name: "dagre", rankDir: "LR", nodeSep: 12, rankSep: 60, fit: false },
      boxSelectionEnabled: false, autoungrabify: true, maxZoom: 2,
    });
    // Open on the way to the goal: the path and the goal itself, or everything without a goal.
    highlight(graph, container);
    const fit = () => {
      const marked = graph.nodes(".highlight");
      if (marked.length) return marked;
      const path = graph.nodes(".on-path, .goal");
      return path.length ? path : graph.elements();
    };
    const view = GraphView.attach(graph, container, {
      fit, fitLabel: data.goal ? "Fit to goal path" : "Fit", topicUrl,
    });
    // The path listed under the map names its node in the picture when a link is focused.
    document.querySelectorAll(".goal-path a[data-topic-id]").forEach((link) => {
      link.addEventListener("focus", () => view.point(link.dataset.topicId, true));
      link.addEventListener("mouseenter", () => view.point(link.dataset.topicId, false));
      link.addEventListener("mouseleave", view.hideTip);
      link.addEventListener("blur", view.hideTip);
    });
    container.cy = graph;
    container.dataset.nodes = String(graph.nodes().length);
    container.dataset.rendered = "true";
  }

  function start() {
    const container = document.getElementById("knowledge-map");
    if (!container) return;
    if (typeof cytoscape === "undefined" || typeof cytoscapeDagre === "undefined") {
      container.dataset.rendered = "error";
      container.textContent = "The map needs Cytoscape.js, which is not installed (run npm ci).";
      return;
    }
    fetch(container.dataset.mapUrl, { headers: { Accept: "application/json" } })
      .then((response) => { if (!response.ok) throw new Error(`HTTP ${response.status}`); return response.json(); })
      .then((data) => draw(container, data))
      .catch((error) => {
        container.dataset.rendered = "error";
        container.textContent = `The map could not be loaded (${error.message}).`;
      });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
