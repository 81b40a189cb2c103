// Gradient-flow lab: reads the panel's controls, asks the server for two runs, and draws them
// with uPlot (per-layer gradient norms on a log scale, loss over steps, weight movement).
// Loaded as a file because the site's Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  const COLORS = { a: "rgb(217, 95, 2)", b: "rgb(27, 120, 200)" };
  const LABELS = ["a", "b"];
  const CHART_HEIGHT = 260;

  function init(panel) {
    const form = panel.querySelector("form");
    const status = panel.querySelector("[data-lab-status]");
    const slider = panel.querySelector("[data-lab-step]");
    const stepLabel = panel.querySelector("[data-lab-step-label]");
    const csvLink = panel.querySelector("[data-lab-csv]");
    const charts = {};
    let runs = null;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    slider.addEventListener("input", function () {
      if (runs) drawGradients();
    });
    window.addEventListener("resize", function () {
      Object.values(charts).forEach(function (entry) {
        entry.chart.setSize({ width: chartWidth(entry.box), height: CHART_HEIGHT });
      });
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
      const query = queryString();
      panel.dataset.state = "running";
      status.textContent = "Training both networks…";
      let body;
      try {
        const response = await fetch(panel.dataset.runUrl + "?" + query, {
          headers: { Accept: "application/json" },
        });
        const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
        body = isJson ? await response.json() : {};
        if (!response.ok) throw new Error(body.error || "the server answered " + response.status);
      } catch (error) {
        panel.dataset.state = "error";
        status.textContent = "Could not run the lab: " + error.message;
        return;
      }
      runs = body.runs;
      csvLink.href = panel.dataset.csvUrl + "?" + query;
      csvLink.hidden = false;
      const longest = Math.max.apply(null, runs.map(function (r) { return r.steps_run; }));
      slider.max = String(Math.max(0, longest - 1));
      slider.value = "0";
      drawGradients();
      drawLoss();
      drawMovement();
      status.textContent = runs.map(describe).join(" ");
      panel.dataset.state = "drawn";
    }

    function drawGradients() {
      const step = Number(slider.value);
      stepLabel.textContent = String(step);
      const depth = Math.max.apply(null, runs.map(function (r) { return r.settings.depth; }));
      const rows = runs.map(function (r) { return r.layer_grad_norms[step] || []; });
      const data = [range(1, depth)].concat(rows.map(function (row) { return positiveOrNull(row, depth); }));
      draw("gradients", data, { x: "layer (1 = input side)", y: "gradient norm", log: true });
    }

    function drawLoss() {
      const steps = Math.max.apply(null, runs.map(function (r) { return r.steps_run; }));
      const data = [range(0, steps - 1)].concat(runs.map(function (r) { return padded(r.loss, steps); }));
      draw("loss", data, { x: "step", y: "loss", log: false });
    }

    function drawMovement() {
      const depth = Math.max.apply(null, runs.map(function (r) { return r.settings.depth; }));
      const rows = runs.map(function (r) { return positiveOrNull(r.relative_weight_change, depth); });
      draw("movement", [range(1, depth)].concat(rows), { x: "layer", y: "relative weight change", log: true });
    }

    function draw(name, data, axes) {
      const box = panel.querySelector("[data-lab-chart='" + name + "']");
      if (charts[name]) {
        charts[name].chart.setData(data);
        return;
      }
      const series = [{ label: axes.x }].concat(runs.map(function (r, i) {
        return {
          label: "Run " + LABELS[i].toUpperCase(),
          stroke: COLORS[LABELS[i]],
          width: 2,
          points: { show: true, size: 4 },
        };
      }));
      const options = {
        width: chartWidth(box),
        height: CHART_HEIGHT,
        scales: { x: { time: false }, y: axes.log ? { distr: 3, log: 10 } : { auto: true } },
        axes: [{ label: axes.x }, { label: axes.y, size: 70, values: axes.log ? powersOfTen : undefined }],
        series: series,
      };
      box.textContent = "";
      charts[name] = { box: box, chart: new uPlot(options, data, box) };
    }

    function describe(r, i) {
      const name = "Run " + LABELS[i].toUpperCase() + " (" + r.settings.activation + ", " +
        r.settings.init + (r.settings.residual ? ", skips" : "") + ", depth " + r.settings.depth + ")";
      if (r.steps_run === 0) return name + " overflowed at once; try gradient clipping.";
      const first = r.layer_grad_norms[0];
      const ratio = first[0] / first[first.length - 1];
      const moved = r.relative_weight_change;
      let text = name + ": at step 0 the first layer's gradient is " + sci(ratio) +
        " times the last layer's; over the run the first layer's weights moved by " +
        sci(moved[0]) + " of their size, the last layer's by " + sci(moved[moved.length - 1]) + ".";
      if (r.diverged_at_step !== null) text += " It diverged at step " + r.diverged_at_step + ".";
      return text;
    }
  }

  function chartWidth(box) {
    return Math.max(240, Math.floor(box.clientWidth || box.parentNode.clientWidth || 480));
  }

  function range(from, to) {
    const out = [];
    for (let i = from; i <= to; i++) out.push(i);
    return out;
  }

  // Log scales cannot show zero or missing values: those become gaps.
  function positiveOrNull(row, length) {
    const out = [];
    for (let i = 0; i < length; i++) out.push(row[i] > 0 ? row[i] : null);
    return out;
  }

  function padded(row, length) {
    const out = row.slice(0, length);
    while (out.length < length) out.push(null);
    return out;
  }

  function powersOfTen(u, splits) {
    return splits.map(function (v) {
      return v == null ? "" : v >= 0.01 && v < 1000 ? String(v) : v.toExponential(0);
    });
  }

  function sci(value) {
    if (value === null || value === undefined) return "overflowed";
    if (value === 0) return "0";
    return value >= 0.01 && value < 1000 ? String(Number(value.toPrecision(2))) : value.toExponential(1);
  }

  document.querySelectorAll("[data-lab='gradient-flow']").forEach(init);
})();
