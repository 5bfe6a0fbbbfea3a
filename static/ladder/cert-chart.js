/* Draws each certification's hours-by-category chart from the JSON json_script put on the page.
 * The chart repeats the table beside it, so nothing is lost without JavaScript. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-cert-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var datasets = data.datasets.map(function (series) {
      if (series.key === "hours") {
        return {
          type: "bar",
          label: series.label,
          data: series.data,
          backgroundColor: "#005ea2",
          borderColor: "#1a4480",
          borderWidth: 1,
          pointStyle: "rect",
          order: 2,
        };
      }
      // Required hours: a diamond marker, different in shape as well as colour.
      return {
        type: "line",
        label: series.label,
        data: series.data,
        showLine: false,
        pointStyle: "rectRot",
        pointRadius: 8,
        pointHoverRadius: 10,
        pointBackgroundColor: "#b50909",
        pointBorderColor: "#ffffff",
        borderColor: "#b50909",
        backgroundColor: "#b50909",
        order: 1,
      };
    });
    new window.Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        scales: {
          x: { min: 0, title: { display: true, text: "Contact hours" } },
          y: { ticks: { autoSkip: false } },
        },
        plugins: {
          legend: { position: "top", labels: { usePointStyle: true } },
          tooltip: { mode: "index", intersect: false },
        },
      },
    });
  }

  var canvases = document.querySelectorAll("canvas[data-cert-chart]");
  for (var i = 0; i < canvases.length; i++) {
    draw(canvases[i]);
  }
})();
