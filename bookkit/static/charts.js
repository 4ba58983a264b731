// Draws every chart container on the page with the Vega bundle shipped in _static/.
// Each container holds its Vega-Lite spec as JSON; nothing is fetched from elsewhere.
(function () {
  "use strict";

  const EMBED_OPTIONS = {
    renderer: "svg",
    // Export to PNG/SVG works offline; the editor and source views would open other sites.
    actions: { export: true, source: false, compiled: false, editor: false },
  };

  function draw(container) {
    const view = container.querySelector(".bookkit-chart-view");
    const spec = JSON.parse(container.querySelector(".bookkit-chart-spec").textContent);
    return window
      .vegaEmbed(view, spec, EMBED_OPTIONS)
      .then(() => {
        container.dataset.drawn = "true";
      })
      .catch((error) => {
        container.dataset.drawn = "error";
        view.textContent = "This chart could not be drawn.";
        console.error("bookkit chart", container.id, error);
      });
  }

  function drawAll() {
    const containers = document.querySelectorAll(".bookkit-chart");
    Promise.all(Array.from(containers, draw)).then(() => {
      document.documentElement.dataset.chartsDrawn = String(containers.length);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
