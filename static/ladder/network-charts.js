/* Draws the coordinator dashboard's bar charts from the JSON that json_script put on the page.
 * Each chart repeats the table beside it, so nothing is lost without JavaScript. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-network-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var y = { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: data.label } };
    if (data.max) {
      y.max = data.max;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: data.label,
            data: data.data,
            backgroundColor: "#005ea2",
            borderColor: "#1a4480",
            borderWidth: 1,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        scales: { y: y },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.parsed.y + (data.unit || "");
              },
            },
          },
        },
      },
    });
  }

  var canvases = document.querySelectorAll("canvas[data-network-chart]");
  for (var i = 0; i < canvases.length; i++) {
    draw(canvases[i]);
  }
})();
