// Draws the learner's knowledge map (GET /api/map) with Cytoscape.js and the dagre layout:
// topics coloured by status, the path to the goal drawn in bold.
"use strict";

(function () {
  const COLOURS = {
    mastered: "#1a7f37", ready: "#0969da", "path-ready": "#bf3989", path: "#cf6ba9",
    goal: "#8250df", later: "#8c959f",
  };

  function elementsOf(data) {
    const onPath = new Set(data.path);
    const nodes = data.nodes.map((node) => ({
      data: { id: node.id, label: node.title, status: node.status },
      classes: node.status + (onPath.has(node.id) ? " on-path" : ""),
    }));
    const edges = data.edges.map((edge) => ({
      data: { id: `${edge.source}->${edge.target}`, source: edge.source, target: edge.target },
      classes: onPath.has(edge.target) && (onPath.has(edge.source)) ? "on-path" : "",
    }));
    return nodes.concat(edges);
  }

  function style() {
    return [
      { selector: "node", style: {
        label: "data(label)", "text-wrap": "wrap", "text-max-width": "110px", "font-size": "10px",
        "text-valign": "center", "text-halign": "center", color: "#fff", shape: "round-rectangle",
        width: "120px", height: "40px", "background-color": COLOURS.later } },
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
  // data-highlight; those are drawn bold, the rest faded, and the view is fitted to them.
  function highlight(graph, container) {
    const ids = new Set(JSON.parse(container.dataset.highlight || "[]"));
    if (!ids.size) return false;
    const marked = graph.nodes().filter((node) => ids.has(node.id()));
    graph.elements().addClass("faded");
    marked.union(marked.edgesWith(marked)).removeClass("faded").addClass("highlight");
    graph.fit(marked, 20);
    container.dataset.highlighted = String(marked.length);
    return true;
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
      .then((data) => {
        const graph = cytoscape({
          container, elements: elementsOf(data), style: style(),
          layout: { name: "dagre", rankDir: "TB", nodeSep: 12, rankSep: 40, fit: true, padding: 10 },
          boxSelectionEnabled: false, autoungrabify: true, minZoom: 0.05, maxZoom: 2,
        });
        // The whole graph is too tall to read at once: open on where the learner stands now.
        const focus = graph.nodes(".path-ready").first().length ? graph.nodes(".path-ready").first()
          : graph.nodes(".ready").first();
        if (!highlight(graph, container) && focus.length) {
          graph.zoom(0.9);
          graph.center(focus);
        }
        graph.on("tap", "node", (event) => {
          window.location.assign(container.dataset.topicUrl.replace("__id__", encodeURIComponent(event.target.id())));
        });
        container.dataset.nodes = String(graph.nodes().length);
        container.dataset.rendered = "true";
      })
      .catch((error) => {
        container.dataset.rendered = "error";
        container.textContent = `The map could not be loaded (${error.message}).`;
      });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
