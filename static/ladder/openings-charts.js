/* The workforce budget chart: personnel share bars and the threshold line, drawn from the JSON
 * that json_script put on the page. The table beside it holds the same figures. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-budget-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var threshold = data.labels.map(function () { return data.threshold; });
    new window.Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: "Personnel share (%)", data: data.share, backgroundColor: "#005ea2", borderColor: "#1a4480", borderWidth: 1, order: 2 },
          { type: "line", label: "Threshold (%)", data: threshold, borderColor: "#b50909", borderDash: [6, 4], pointStyle: "rectRot", pointRadius: 6, backgroundColor: "#b50909", order: 1 },
        ],
      },
      options: {
        animation: reduceMotion ? false : undefined,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, max: data.max || 100, title: { display: true, text: data.title || "% of total operating expenditure" } } },
        plugins: { legend: { labels: { usePointStyle: true } } },
      },
    });
  }

  function init() {
    document.querySelectorAll("canvas[data-budget-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
