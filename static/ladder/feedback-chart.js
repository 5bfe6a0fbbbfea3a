/* Draws a session's feedback distribution from the JSON that json_script put on the page.
 * The chart repeats the table beside it, so nothing is lost without JavaScript. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-feedback-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: "Attendees",
            data: data.counts,
            backgroundColor: "#005ea2",
            borderColor: "#1a4480",
            borderWidth: 1,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        scales: {
          y: {
            beginAtZero: true,
            ticks: { stepSize: 1, precision: 0 },
            title: { display: true, text: "Attendees" },
          },
          x: { title: { display: true, text: "Rating" } },
        },
        plugins: { legend: { display: false } },
      },
    });
  }

  var canvases = document.querySelectorAll("canvas[data-feedback-chart]");
  for (var i = 0; i < canvases.length; i++) {
    draw(canvases[i]);
  }
})();
