/* Draws the skill profile chart from the JSON that json_script put on the page.
 * The chart repeats the table beside it, so nothing is lost without JavaScript. */
(function () {
  "use strict";

  // Each series differs in shape as well as colour: bars for the level, markers for what is
  // required (diamond for the current job, triangle for a target).
  var STYLES = {
    level: { type: "bar", backgroundColor: "#005ea2", borderColor: "#1a4480", borderWidth: 1 },
    now: { type: "line", pointStyle: "rectRot", color: "#b50909" },
    target: { type: "line", pointStyle: "triangle", color: "#3d4551" },
  };
  var TARGET_COLOURS = ["#3d4551", "#8b0a03", "#5c1111"];

  function dataset(series, index) {
    var style = STYLES[series.key] || STYLES.target;
    var base = { label: series.label, data: series.data };
    if (style.type === "bar") {
      return Object.assign(base, {
        type: "bar",
        backgroundColor: style.backgroundColor,
        borderColor: style.borderColor,
        borderWidth: style.borderWidth,
        pointStyle: "rect",
        order: 2,
      });
    }
    var colour = series.key === "target" ? TARGET_COLOURS[index % TARGET_COLOURS.length] : style.color;
    return Object.assign(base, {
      type: "line",
      showLine: false,
      pointStyle: style.pointStyle,
      pointRadius: 8,
      pointHoverRadius: 10,
      pointBackgroundColor: colour,
      pointBorderColor: "#ffffff",
      borderColor: colour,
      backgroundColor: colour,
      order: 1,
    });
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-skill-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var targetIndex = 0;
    var datasets = data.datasets.map(function (series) {
      return dataset(series, series.key === "target" ? targetIndex++ : 0);
    });
    new window.Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        scales: {
          x: {
            min: 0,
            max: data.max,
            ticks: { stepSize: 1, precision: 0 },
            title: { display: true, text: "Level" },
          },
          y: { ticks: { autoSkip: false } },
        },
        plugins: {
          legend: { position: "top", labels: { usePointStyle: true } },
          tooltip: { mode: "index", intersect: false },
        },
      },
    });
  }

  var canvases = document.querySelectorAll("canvas[data-skill-chart]");
  for (var i = 0; i < canvases.length; i++) {
    draw(canvases[i]);
  }
})();
