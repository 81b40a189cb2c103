// Charts of the gradient-flow lab, drawn with uPlot: window.LabCharts.
//
// Log-scale charts plot log10(value) on a linear scale with decade ticks of our own, not with
// uPlot's log distribution: that one only knows increments down to 1e-32, and for smaller
// values (a sigmoid network of depth 40 or more) its tick loop ran for seconds and then failed
// with "Invalid array length". Values that are zero or below MIN_DRAWN (underflowed gradients,
// layers that never moved) cannot sit on a log axis: they are drawn at a floor one decade below
// the smallest real value, as hollow downward triangles, and the legend names them "floored".
(function () {
  "use strict";

  const MIN_DRAWN = 1e-300; // below this a double has lost its precision: treated as underflow
  const HEIGHT = 260;
  const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

  function isReal(value) {
    return typeof value === "number" && isFinite(value) && value >= MIN_DRAWN;
  }

  function isFloored(value) {
    return typeof value === "number" && isFinite(value) && value < MIN_DRAWN;
  }

  // The decades a log chart spans, over every row it will ever show (all steps of all runs),
  // so that moving the step slider never rescales the axis. O(number of values).
  function logRange(rows) {
    let lo = Infinity, hi = -Infinity, floored = false;
    rows.forEach(function (row) {
      for (let i = 0; i < row.length; i++) {
        const value = row[i];
        if (isReal(value)) {
          const exponent = Math.log10(value);
          if (exponent < lo) lo = exponent;
          if (exponent > hi) hi = exponent;
        } else if (isFloored(value)) {
          floored = true;
        }
      }
    });
    if (lo === Infinity) { lo = 0; hi = 0; }
    const bottom = Math.floor(lo) - (floored ? 1 : 0);
    const top = Math.max(Math.ceil(hi), bottom + 1);
    return { floor: bottom, min: bottom, max: top };
  }

  // One run's row on the log chart: log10 of real values, the floor for floored ones, gaps for
  // missing ones (a shorter run, or a value that overflowed).
  function logRow(row, length, range) {
    const out = new Array(length);
    for (let i = 0; i < length; i++) {
      const value = row[i];
      out[i] = isReal(value) ? Math.log10(value) : isFloored(value) ? range.floor : null;
    }
    return out;
  }

  function paddedRow(row, length) {
    const out = new Array(length);
    for (let i = 0; i < length; i++) out[i] = typeof row[i] === "number" ? row[i] : null;
    return out;
  }

  function power(exponent) {
    if (exponent === 0) return "1";
    if (exponent === 1) return "10";
    return "10" + String(exponent).split("").map(function (c) { return SUPERSCRIPT[c]; }).join("");
  }

  function decadeSplits(u, axisIdx, min, max) {
    const span = Math.round(max - min);
    const step = Math.max(1, Math.ceil(span / 6));
    const splits = [];
    for (let e = Math.ceil(min); e <= max; e += step) splits.push(e);
    return splits;
  }

  function formatNumber(value) {
    if (value === null || value === undefined) return "—";
    if (value === 0) return "0";
    const size = Math.abs(value);
    return size >= 0.01 && size < 1000 ? String(Number(value.toPrecision(3))) : value.toExponential(2);
  }

  function formatRaw(value) {
    if (typeof value !== "number") return "—";
    if (isFloored(value)) return (value === 0 ? "0" : formatNumber(value)) + " (floored)";
    return formatNumber(value);
  }

  // Hollow downward triangles where a run's value was floored, in the run's colour.
  function floorMarks(chart) {
    return function (u) {
      const ctx = u.ctx;
      const y = u.valToPos(chart.range.floor, "y", true);
      const size = 6 * devicePixelRatio;
      ctx.save();
      ctx.lineWidth = 2 * devicePixelRatio;
      chart.raw.forEach(function (row, r) {
        ctx.strokeStyle = chart.colors[r];
        for (let i = 0; i < row.length; i++) {
          if (!isFloored(row[i])) continue;
          const x = u.valToPos(u.data[0][i], "x", true);
          ctx.beginPath();
          ctx.moveTo(x - size, y - size);
          ctx.lineTo(x + size, y - size);
          ctx.lineTo(x, y);
          ctx.closePath();
          ctx.stroke();
        }
      });
      ctx.restore();
    };
  }

  // A chart in `box`. spec: {x, y, log, names, colors, legendIdx(length) -> index}.
  function Chart(box, spec) {
    this.box = box;
    this.spec = spec;
    this.colors = spec.colors;
    this.raw = [];
    this.range = null;
    this.plot = null;
  }

  // xs: the x values; rows: one raw row per run; range: from logRange (log charts only).
  Chart.prototype.show = function (xs, rows, range) {
    const spec = this.spec;
    this.raw = rows;
    this.range = range || null;
    const series = rows.map(function (row) {
      return spec.log ? logRow(row, xs.length, range) : paddedRow(row, xs.length);
    });
    const data = [xs].concat(series);
    if (this.plot && this.plot.series.length === data.length) {
      this.plot.setData(data);
    } else {
      this.destroy();
      this.plot = new uPlot(this.options(), data, this.box);
    }
    this.plot.setLegend({ idx: spec.legendIdx(xs.length) });
    // The decades on the axis, for readers of the page's markup (and its tests).
    if (range) {
      this.box.dataset.logMin = String(range.min);
      this.box.dataset.logMax = String(range.max);
    }
  };

  Chart.prototype.options = function () {
    const chart = this, spec = this.spec;
    const series = [{ label: spec.x }].concat(spec.names.map(function (name, r) {
      return {
        label: name,
        stroke: spec.colors[r],
        width: 2,
        points: { show: true, size: 4 },
        value: function (u, v, sidx, idx) {
          if (idx === null || idx === undefined) return "—";
          return formatRaw(chart.raw[sidx - 1][idx]);
        },
      };
    }));
    const yAxis = { label: spec.y, size: 64 };
    if (spec.log) {
      yAxis.splits = decadeSplits;
      yAxis.values = function (u, splits) { return splits.map(power); };
    }
    return {
      width: width(this.box),
      height: HEIGHT,
      scales: {
        x: { time: false },
        y: spec.log
          ? { auto: true, range: function () { return [chart.range.min, chart.range.max]; } }
          : { auto: true },
      },
      axes: [{ label: spec.x }, yAxis],
      series: series,
      hooks: {
        draw: spec.log ? [floorMarks(this)] : [],
        // When the cursor leaves the chart, the legend shows the default point, never "--".
        setLegend: [function (u) {
          if (u.legend.idx === null || u.legend.idx === undefined) {
            u.setLegend({ idx: spec.legendIdx(u.data[0].length) }, false);
          }
        }],
      },
    };
  };

  Chart.prototype.resize = function () {
    if (this.plot) this.plot.setSize({ width: width(this.box), height: HEIGHT });
  };

  Chart.prototype.destroy = function () {
    if (this.plot) this.plot.destroy();
    this.plot = null;
    this.box.textContent = "";
  };

  function width(box) {
    return Math.max(200, Math.floor(box.clientWidth || box.parentNode.clientWidth || 480));
  }

  window.LabCharts = {
    Chart: Chart,
    logRange: logRange,
    isFloored: isFloored,
    formatNumber: formatNumber,
    power: power,
    MIN_DRAWN: MIN_DRAWN,
  };
})();
