// What the knowledge map (map.js) and a topic's neighbourhood picture (graph.js) share: labels
// that are readable at every zoom, a tip that names any node on hover, tap or focus, and
// keyboard-reachable controls to zoom, fit the view to what matters, and show everything.
//
// Labels are drawn by Cytoscape in model units, so their size on screen is font-size x zoom.
// Below LABEL_MIN_PX on screen a label is hidden (min-zoomed-font-size) rather than drawn as an
// unreadable smudge; the nodes marked "landmark" (the goal, the next step, this topic) keep a
// label of constant screen size whatever the zoom. Every other node is named by the tip.
"use strict";

(function () {
  const LABEL_MIN_PX = 12; // the smallest label drawn, in screen pixels
  const FONT = 14; // model units: readable from zoom LABEL_MIN_PX / FONT = 0.86 up
  const LANDMARK_PX = 13; // screen size of a landmark's label at every zoom

  function nodeStyle() {
    return [
      { selector: "node", style: {
        label: "data(label)", "text-wrap": "wrap", "text-max-width": "140px",
        "font-size": FONT + "px", "min-zoomed-font-size": LABEL_MIN_PX,
        "text-valign": "center", "text-halign": "center", color: "#fff", shape: "round-rectangle",
        width: "150px", height: "48px" } },
      { selector: "node.landmark.badge", style: {
        "text-valign": "bottom", "text-margin-y": 4, color: "#1b1f24", "font-weight": "bold",
        "text-background-color": "#fff", "text-background-opacity": 0.92,
        "text-background-padding": 3, "text-background-shape": "round-rectangle",
        "text-border-color": "#1b1f24", "text-border-width": 1, "text-border-opacity": 1,
        "min-zoomed-font-size": 0, "z-index": 10 } },
      { selector: "node.pointed", style: { "underlay-color": "#ffbf47", "underlay-opacity": 0.9,
        "underlay-padding": 8 } },
    ];
  }

  // Landmark labels keep LANDMARK_PX on screen: their model size is divided by the zoom. Edges
  // keep at least their width in screen pixels, so a zoomed-out graph still shows its lines.
  function keepLandmarksReadable(cy) {
    const zoom = cy.zoom();
    const insideReadable = FONT * zoom >= LABEL_MIN_PX;
    cy.batch(function () {
      cy.edges().forEach(function (edge) {
        const base = edge.data("baseWidth") || parseFloat(edge.style("width"));
        edge.data("baseWidth", base);
        edge.style("width", Math.max(base, (0.3 * base) / zoom));
      });
      const landmarks = cy.nodes(".landmark");
      // Readable inside the node: the usual label. Too small: a badge under the node instead.
      if (insideReadable) {
        landmarks.removeClass("badge").removeStyle("font-size text-max-width text-margin-y text-background-padding text-border-width");
        return;
      }
      landmarks.addClass("badge").style({
        "font-size": LANDMARK_PX / zoom + "px",
        "text-max-width": 220 / zoom + "px",
        "text-margin-y": 4 / zoom,
        "text-background-padding": 3 / zoom,
        "text-border-width": 1 / zoom,
      });
    });
  }

  // Which landmark matters most when not all labels fit: the goal, then this topic, then others.
  function landmarkRank(node) {
    return node.hasClass("goal") ? 0 : node.hasClass("self") ? 1 : 2;
  }

  function button(text, label) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  // Wraps the container in a frame (call before Cytoscape draws into the container).
  function frame(container) {
    const wrapper = document.createElement("div");
    wrapper.className = "graph-frame";
    container.parentNode.insertBefore(wrapper, container);
    wrapper.appendChild(container);
    return wrapper;
  }

  // Puts a toolbar above the container and a tip inside its frame. options: fit() -> the
  // collection to fit on open and on "Fit"; fitLabel; topicUrl(id); isCurrent(node) -> true
  // for a node that a tap must not open (the page's own topic).
  function attach(cy, container, options) {
    const frame = container.parentNode;
    const tools = document.createElement("div");
    tools.className = "graph-tools";
    tools.setAttribute("role", "toolbar");
    tools.setAttribute("aria-label", "Map view");
    const fit = button(options.fitLabel);
    fit.dataset.graphFit = "";
    const all = button("Show all");
    all.dataset.graphAll = "";
    const zoomIn = button("+", "Zoom in");
    const zoomOut = button("−", "Zoom out");
    [fit, options.showAll === false ? null : all, zoomOut, zoomIn].forEach(function (b) {
      if (b) tools.appendChild(b);
    });
    frame.insertBefore(tools, container);
    const tip = document.createElement("div");
    tip.className = "graph-tip";
    tip.hidden = true;
    frame.appendChild(tip);
    cy.resize();

    function fitTo(elements) {
      const landmarks = cy.nodes(".landmark").sort(function (a, b) { return landmarkRank(a) - landmarkRank(b); });
      cy.fit(elements, 24);
      fitWithLandmarkLabels(cy, elements, landmarks.slice(0, 1));
      keepInView(cy, landmarks);
    }

    function zoomBy(factor) {
      const z = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), cy.zoom() * factor));
      cy.zoom({ level: z, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    }

    // Room to zoom out beyond the whole graph: fitting must never be stopped by the limit.
    cy.minZoom(Math.min(0.5, zoomToFit(cy, cy.elements()) / 2));
    fitTo(options.fit());
    const readable = LABEL_MIN_PX / FONT;
    if (options.readableAround && cy.zoom() < readable) {
      cy.zoom(readable);
      cy.center(options.readableAround());
      keepLandmarksReadable(cy);
    }
    let restyle = 0;
    cy.on("zoom", function () {
      hideTip();
      if (!restyle) restyle = requestAnimationFrame(function () { restyle = 0; keepLandmarksReadable(cy); });
    });
    cy.on("pan", hideTip);
    fit.addEventListener("click", function () { fitTo(options.fit()); });
    all.addEventListener("click", function () { fitTo(cy.elements()); });
    zoomIn.addEventListener("click", function () { zoomBy(1.5); });
    zoomOut.addEventListener("click", function () { zoomBy(1 / 1.5); });

    let tipFor = null;
    function showTip(node) {
      const position = node.renderedPosition();
      tip.textContent = "";
      const link = document.createElement("a");
      link.href = options.topicUrl(node.id());
      link.textContent = node.data("label");
      tip.appendChild(link);
      tip.hidden = false;
      const left = Math.max(4, Math.min(container.clientWidth - tip.offsetWidth - 4, position.x - tip.offsetWidth / 2));
      const top = container.offsetTop + Math.max(4, position.y - node.renderedHeight() / 2 - tip.offsetHeight - 6);
      tip.style.left = left + "px";
      tip.style.top = top + "px";
      tipFor = node.id();
      cy.nodes(".pointed").removeClass("pointed");
      node.addClass("pointed");
    }
    function hideTip() {
      tip.hidden = true;
      tipFor = null;
      cy.nodes(".pointed").removeClass("pointed");
    }
    function labelReadable(node) {
      return node.hasClass("landmark") || FONT * cy.zoom() >= LABEL_MIN_PX;
    }
    cy.on("mouseover", "node", function (event) { showTip(event.target); });
    cy.on("mouseout", "node", hideTip);
    // A tap opens the topic when its label can be read; otherwise it first names it (touch
    // screens have no hover), and the tip's link or a second tap opens it.
    cy.on("tap", "node", function (event) {
      const node = event.target;
      if (options.isCurrent && options.isCurrent(node)) return;
      if (labelReadable(node) || tipFor === node.id()) window.location.assign(options.topicUrl(node.id()));
      else showTip(node);
    });
    cy.on("tap", function (event) { if (event.target === cy) hideTip(); });

    return {
      // Name a node from outside the picture (a focused link in a list of topics).
      point: function (id, center) {
        const node = cy.getElementById(id);
        if (!node.length) return;
        if (center) cy.center(node);
        showTip(node);
      },
      hideTip: hideTip,
    };
  }

  // Landmark labels keep their screen size while the graph shrinks, so when zoomed out they can
  // reach past the fitted elements: zoom out a little more until both fit, then centre them.
  function fitWithLandmarkLabels(cy, elements, landmarks) {
    const padding = 8;
    for (let pass = 0; pass < 4; pass++) {
      keepLandmarksReadable(cy);
      const box = union(elements.renderedBoundingBox({ includeLabels: false }),
        landmarks.renderedBoundingBox({ includeLabels: true }));
      const scale = Math.min(1, (cy.width() - 2 * padding) / box.w, (cy.height() - 2 * padding) / box.h);
      const level = Math.max(cy.minZoom(), cy.zoom() * scale);
      cy.zoom({ level: level, renderedPosition: { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 } });
      keepLandmarksReadable(cy);
      const after = union(elements.renderedBoundingBox({ includeLabels: false }),
        landmarks.renderedBoundingBox({ includeLabels: true }));
      cy.panBy({ x: cy.width() / 2 - (after.x1 + after.x2) / 2, y: cy.height() / 2 - (after.y1 + after.y2) / 2 });
      if (scale > 0.995) break;
    }
  }

  function union(a, b) {
    if (!b || !isFinite(b.x1)) return a;
    const x1 = Math.min(a.x1, b.x1), y1 = Math.min(a.y1, b.y1);
    const x2 = Math.max(a.x2, b.x2), y2 = Math.max(a.y2, b.y2);
    return { x1: x1, y1: y1, x2: x2, y2: y2, w: x2 - x1, h: y2 - y1 };
  }

  // Pans so that the landmarks' labels (wider than their nodes when zoomed out) are not cut
  // off at the edges of the view: the first landmark (the goal) surely, the others when they
  // fit beside it.
  function keepInView(cy, landmarks) {
    const margin = 4;
    let kept = cy.collection();
    landmarks.forEach(function (node) {
      const candidate = kept.union(node);
      const box = candidate.renderedBoundingBox({ includeLabels: true });
      if (box.w > cy.width() - 2 * margin || box.h > cy.height() - 2 * margin) return;
      const dx = box.x1 < margin ? margin - box.x1 : box.x2 > cy.width() - margin ? cy.width() - margin - box.x2 : 0;
      const dy = box.y1 < margin ? margin - box.y1 : box.y2 > cy.height() - margin ? cy.height() - margin - box.y2 : 0;
      if (dx || dy) cy.panBy({ x: dx, y: dy });
      kept = candidate;
    });
  }

  // The zoom at which `elements` fill the viewport (what cy.fit would choose), without moving.
  function zoomToFit(cy, elements) {
    const box = elements.boundingBox();
    const padding = 24;
    const zoom = Math.min((cy.width() - 2 * padding) / box.w, (cy.height() - 2 * padding) / box.h);
    return Math.max(0.01, Math.min(zoom, cy.maxZoom()));
  }

  window.GraphView = { frame: frame, attach: attach, nodeStyle: nodeStyle, LABEL_MIN_PX: LABEL_MIN_PX, FONT: FONT };
})();
