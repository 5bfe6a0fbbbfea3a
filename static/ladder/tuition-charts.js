/* Draws the tuition programme dashboard's charts from the JSON json_script put on the page.
 * Each chart repeats the table beside it, so nothing is lost without JavaScript. */
(function () {
  "use strict";
  var source = document.getElementById("tuition-chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var common = { maintainAspectRatio: false, animation: reduceMotion ? false : undefined };

  function stages(canvas) {
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.stages.labels,
        datasets: [{ label: "People", data: data.stages.data, backgroundColor: "#005ea2" }],
      },
      options: Object.assign({ indexAxis: "y", scales: { x: { ticks: { precision: 0 } } } }, common),
    });
  }

  function spending(canvas) {
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.spending.labels,
        datasets: [
          { label: "Budget", data: data.spending.budget, backgroundColor: "#a9aeb1", stack: "budget" },
          { label: "Paid", data: data.spending.paid, backgroundColor: "#1a4480", stack: "spent" },
          { label: "Approved, unpaid", data: data.spending.approved, backgroundColor: "#73b3e7", stack: "spent" },
        ],
      },
      options: Object.assign({ scales: { y: { beginAtZero: true, title: { display: true, text: "US dollars" } } } }, common),
    });
  }

  var draw = { stages: stages, spending: spending };
  var canvases = document.querySelectorAll("canvas[data-tuition-chart]");
  for (var i = 0; i < canvases.length; i++) {
    var kind = canvases[i].getAttribute("data-tuition-chart");
    if (draw[kind]) {
      draw[kind](canvases[i]);
    }
  }
})();
