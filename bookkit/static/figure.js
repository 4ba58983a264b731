// The browser's half of each figure's furniture (bookkit/figure.py writes the rest at build
// time): the reader's date in "Cite this figure", a "Copy link" button, and pictures saved from
// the chart menu named after the figure (fig-human-toll.png) instead of a random chart id.
(function () {
  "use strict";

  function today() {
    return new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // A page opened from a file or a plain-http host has no clipboard API: select and copy.
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    const copied = document.execCommand("copy");
    field.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setUp(furniture) {
    for (const date of furniture.querySelectorAll(".bookkit-cite-accessed")) date.textContent = today();
    const button = furniture.querySelector(".bookkit-copy-link");
    const status = furniture.querySelector(".bookkit-copy-status");
    if (!button || !status) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const url = button.dataset.url;
      copy(url).then(
        () => (status.textContent = " Link copied."),
        () => (status.textContent = ` Copy this address: ${url}`)
      );
    });
  }

  // charts.js (re)writes the menu's links on every draw; name the file as it is saved, so
  // mouse and keyboard (Enter fires click) both get the figure's name.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest(".bookkit-chart .vega-actions a[download]");
      if (!link) return;
      const furniture = link.closest(".bookkit-chart").querySelector(".bookkit-figure-furniture");
      if (!furniture || !furniture.dataset.figure) return;
      const format = link.download.split(".").pop();
      link.download = `${furniture.dataset.figure}.${format}`;
    },
    true
  );

  function start() {
    document.querySelectorAll(".bookkit-figure-furniture").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
