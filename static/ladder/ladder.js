/* Sizes set from the data: the Content-Security-Policy allows no style="" in the HTML, so an
 * element that needs a computed size carries it as data-height or data-max-width (pixels) and
 * this applies it through the DOM, which the policy allows. Runs before the chart scripts
 * (all are deferred, this one first) and again on every piece HTMX swaps in. */
(function () {
  "use strict";

  function size(root) {
    root.querySelectorAll("[data-height]").forEach(function (el) {
      el.style.height = parseInt(el.dataset.height, 10) + "px";
    });
    root.querySelectorAll("[data-max-width]").forEach(function (el) {
      el.style.maxWidth = parseInt(el.dataset.maxWidth, 10) + "px";
    });
  }

  size(document);
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) {
      size(event.target.parentNode || event.target);
    }
  });
})();
