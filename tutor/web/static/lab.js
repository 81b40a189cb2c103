// Gradient-flow lab: reads the panel's controls, asks the server for two runs, and draws them
// with the charts of lab-charts.js (per-layer gradient norms on a log scale, loss over steps,
// weight movement). Loaded as a file because the Content-Security-Policy forbids inline scripts.
//
// The panel's data attributes tell a test (and a curious reader) what happened: data-state is
// running, drawn or error; data-answer-ms is the time from sending the request to the server's
// answer; data-draw-ms the time from that answer to the charts being drawn.
(function () {
  "use strict";

  const COLORS = ["rgb(217, 95, 2)", "rgb(27, 120, 200)"];
  const NAMES = ["Run A", "Run B"];
  const Charts = window.LabCharts;

  function init(panel) {
    const form = panel.querySelector("form");
    const button = panel.querySelector("[data-lab-run]");
    const status = panel.querySelector("[data-lab-status]");
    const slider = panel.querySelector("[data-lab-step]");
    const stepLabel = panel.querySelector("[data-lab-step-label]");
    const csvLink = panel.querySelector("[data-lab-csv]");
    const chart = function (name, spec) {
      const box = panel.querySelector("[data-lab-chart='" + name + "']");
      return new Charts.Chart(box, Object.assign({ names: NAMES, colors: COLORS }, spec));
    };
    const first = function () { return 0; };
    const charts = {
      gradients: chart("gradients", { x: "layer (1 = input side)", y: "gradient norm", log: true, legendIdx: first }),
      loss: chart("loss", { x: "step", y: "loss", log: false, legendIdx: function (n) { return n - 1; } }),
      movement: chart("movement", { x: "layer", y: "relative weight change", log: true, legendIdx: first }),
    };
    let runs = null;
    let gradientRange = null;
    let frame = 0;
    let latest = 0; // the number of the newest request: an older answer is dropped

    slider.disabled = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    // Redraw at most once per frame however fast the slider moves.
    slider.addEventListener("input", function () {
      if (!runs || frame) return;
      frame = requestAnimationFrame(function () {
        frame = 0;
        if (runs) drawGradients();
      });
    });
    window.addEventListener("resize", function () {
      Object.values(charts).forEach(function (c) { c.resize(); });
    });

    function queryString() {
      const params = new URLSearchParams();
      form.querySelectorAll("[name]").forEach(function (control) {
        if (control.type === "checkbox") params.set(control.name, control.checked ? "true" : "false");
        else params.set(control.name, control.value);
      });
      return params.toString();
    }

    async function run() {
      const ticket = ++latest;
      const query = queryString();
      panel.dataset.state = "running";
      button.disabled = true;
      slider.disabled = true;
      status.textContent = "Training both networks…";
      const sent = performance.now();
      let body;
      try {
        const response = await fetch(panel.dataset.runUrl + "?" + query, {
          headers: { Accept: "application/json" },
        });
        const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
        body = isJson ? await response.json() : {};
        if (!response.ok) throw new Error(body.error || "the server answered " + response.status);
      } catch (error) {
        if (ticket === latest) fail("Could not run the lab: " + error.message);
        return;
      }
      if (ticket !== latest) return;
      const answered = performance.now();
      try {
        show(body.runs, query);
      } catch (error) {
        fail("Could not draw the runs: " + error.message);
        return;
      }
      // uPlot paints in a microtask; the frame callback comes after it.
      requestAnimationFrame(function () {
        if (ticket !== latest) return;
        panel.dataset.answerMs = (answered - sent).toFixed(0);
        panel.dataset.drawMs = (performance.now() - answered).toFixed(1);
        panel.dataset.state = "drawn";
        button.disabled = false;
      });
    }

    // A failed run leaves no chart of an earlier run behind, so nothing on screen is stale.
    function fail(message) {
      runs = null;
      Object.values(charts).forEach(function (c) { c.destroy(); });
      panel.querySelectorAll("[data-lab-floor-note]").forEach(function (note) { note.hidden = true; });
      csvLink.hidden = true;
      slider.disabled = true;
      button.disabled = false;
      panel.dataset.state = "error";
      status.textContent = message;
    }

    function show(newRuns, query) {
      runs = newRuns;
      const steps = Math.max.apply(null, runs.map(function (r) { return r.steps_run; }));
      gradientRange = Charts.logRange([].concat.apply([], runs.map(function (r) { return r.layer_grad_norms; })));
      slider.max = String(Math.max(0, steps - 1));
      slider.value = "0";
      slider.disabled = steps <= 1;
      drawGradients();
      drawLoss(steps);
      drawMovement();
      noteFloor("gradients", gradientRange, "its gradient was 0 or below 10⁻³⁰⁰ (it underflowed)");
      noteFloor("movement", charts.movement.range, "its weights did not move measurably");
      csvLink.href = panel.dataset.csvUrl + "?" + query;
      csvLink.hidden = false;
      status.textContent = runs.map(describe).join(" ");
    }

    function depth() {
      return Math.max.apply(null, runs.map(function (r) { return r.settings.depth; }));
    }

    function drawGradients() {
      const step = Number(slider.value);
      stepLabel.textContent = String(step);
      const rows = runs.map(function (r) { return r.layer_grad_norms[step] || []; });
      charts.gradients.show(range(1, depth()), rows, gradientRange);
    }

    function drawLoss(steps) {
      charts.loss.show(range(0, steps - 1), runs.map(function (r) { return r.loss; }));
    }

    function drawMovement() {
      const rows = runs.map(function (r) { return r.relative_weight_change; });
      charts.movement.show(range(1, depth()), rows, Charts.logRange(rows));
    }

    function noteFloor(name, chartRange, meaning) {
      const note = panel.querySelector("[data-lab-floor-note='" + name + "']");
      const floored = name === "gradients"
        ? runs.some(function (r) { return r.layer_grad_norms.some(function (row) { return row.some(Charts.isFloored); }); })
        : runs.some(function (r) { return r.relative_weight_change.some(Charts.isFloored); });
      note.hidden = !floored;
      note.textContent = floored
        ? "▽ Hollow triangles on the bottom line: " + meaning + "; a log scale has no zero, so the" +
          " point is drawn at " + Charts.power(chartRange.floor) + ", the chart's floor."
        : "";
    }

    function describe(r, i) {
      const name = NAMES[i] + " (" + r.settings.activation + ", " + r.settings.init +
        (r.settings.residual ? ", skips" : "") + ", depth " + r.settings.depth + ")";
      if (r.steps_run === 0) return name + " overflowed at once; try gradient clipping.";
      const norms = r.layer_grad_norms[0];
      const moved = r.relative_weight_change;
      const firstNorm = norms[0], lastNorm = norms[norms.length - 1];
      const comparison = firstNorm < Charts.MIN_DRAWN
        ? "the first layer's gradient underflowed to " + Charts.formatNumber(firstNorm) + " (the last layer's is " + sci(lastNorm) + ")"
        : "the first layer's gradient is " + sci(firstNorm / lastNorm) + " times the last layer's";
      let text = name + ": at step 0 " + comparison + "; over the run the first layer's weights moved by " +
        sci(moved[0]) + " of their size, the last layer's by " + sci(moved[moved.length - 1]) + ".";
      if (r.diverged_at_step !== null) text += " It diverged at step " + r.diverged_at_step + ".";
      return text;
    }
  }

  function range(from, to) {
    const out = [];
    for (let i = from; i <= to; i++) out.push(i);
    return out;
  }

  function sci(value) {
    if (value === null || value === undefined || !isFinite(value)) return "overflowed";
    if (value === 0) return "0";
    return value >= 0.01 && value < 1000 ? String(Number(value.toPrecision(2))) : value.toExponential(1);
  }

  document.querySelectorAll("[data-lab='gradient-flow']").forEach(init);
})();
