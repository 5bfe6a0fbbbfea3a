/* Draws every report figure from the JSON that json_script put beside its table
 * (ladder/reports/figures.py Figure.chart_data). The table repeats the chart, so nothing is
 * lost without JavaScript; a suppressed small count ("<5") is a gap in the chart. */
(function () {
  "use strict";

  // USWDS palette, told apart by shape as well as colour (point styles, bar borders).
  var COLOURS = ["#005ea2", "#d83933", "#00a398", "#e5a000", "#8168b3", "#565c65"];
  var POINTS = ["rect", "triangle", "circle", "rectRot", "star", "crossRot"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-report-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var horizontal = data.kind === "hbar" || data.kind === "hstacked";
    var stacked = data.kind === "stacked" || data.kind === "hstacked";
    var type = data.kind === "line" ? "line" : "bar";
    var datasets = data.datasets.map(function (series, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: series.label,
        data: series.data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: type === "line" ? 2 : 1,
        pointStyle: POINTS[i % POINTS.length],
        pointRadius: type === "line" ? 5 : 3,
        spanGaps: false,
      };
    });
    var valueAxis = { beginAtZero: true, stacked: stacked, title: { display: !!data.unit, text: data.unit } };
    var labelAxis = { stacked: stacked, ticks: { autoSkip: false } };
    new window.Chart(canvas, {
      type: type,
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: datasets.length > 1, position: "top", labels: { usePointStyle: true } },
          tooltip: { mode: "index", intersect: false },
        },
      },
    });
  }

  var canvases = document.querySelectorAll("canvas[data-report-chart]");
  for (var i = 0; i < canvases.length; i++) {
    draw(canvases[i]);
  }
})();
