// Draws every chart container on the page with the Vega bundle shipped in _static/.
// Each container holds its Vega-Lite spec as JSON; nothing is fetched from elsewhere.
// The same spec is redrawn to suit the reader: the theme's light or dark mode (the theme sets
// data-theme on <html>), and the width of the column on a narrow screen.
(function () {
  "use strict";

  const EMBED_OPTIONS = {
    renderer: "svg",
    // Export to PNG/SVG works offline (the picture is made in the page); the editor and
    // source views would open other sites.
    actions: { export: true, source: false, compiled: false, editor: false },
  };

  // The chart theme's neutral inks (bookkit/theme.py and a few chapters' fixed colours) and
  // what stands for them on the dark page. Data colours are the Okabe–Ito palette, chosen to
  // read on both backgrounds, so they are not swapped; black is, since it vanishes on dark.
  const DARK_INKS = {
    "#1f2328": "#e6edf3", // text
    "#57606a": "#a5afba", // muted text, rules, the source line
    "#d0d7de": "#3d444d", // gridlines, background bars
    "#000000": "#e6edf3",
    black: "#e6edf3",
    // Tile borders drawn in white separate tiles on a light page; on the dark page, in its colour.
    "#ffffff": "#14181e",
    white: "#14181e",
  };

  // Average glyph widths the Python side wraps titles with (bookkit/charts.py), so lines can
  // be re-broken for a narrow column.
  const PX_PER_CHAR = { title: 9.0, subtitle: 6.8, source: 6.0 };
  // Room each chart needs beside its plot for axis labels and titles, and the narrowest plot.
  const AXIS_ALLOWANCE = 70;
  const MIN_PLOT_WIDTH = 200;

  const drawn = new Map(); // container -> {view, width, dark}

  function isDark() {
    return document.documentElement.dataset.theme === "dark";
  }

  function recolour(value) {
    if (typeof value === "string") {
      const ink = DARK_INKS[value.toLowerCase()];
      return ink === undefined ? value : ink;
    }
    if (Array.isArray(value)) return value.map(recolour);
    if (value && typeof value === "object") {
      const copy = {};
      for (const [key, inner] of Object.entries(value)) {
        // Data values are the reader's facts, never colours to swap.
        copy[key] = key === "datasets" || key === "values" ? inner : recolour(inner);
      }
      return copy;
    }
    return value;
  }

  function wrapText(text, maxChars) {
    const words = (Array.isArray(text) ? text.join(" ") : String(text)).split(/\s+/);
    const lines = [];
    let line = "";
    for (const word of words) {
      if (line && (line + " " + word).length > maxChars) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    if (line) lines.push(line);
    return lines.length > 1 ? lines : lines[0] || "";
  }

  function rewrapTitle(title, widthPx, kind) {
    if (!title) return title;
    const object = typeof title === "object" && !Array.isArray(title) ? { ...title } : { text: title };
    const chars = (px) => Math.max(24, Math.floor(widthPx / px));
    object.text = wrapText(object.text, chars(kind === "source" ? PX_PER_CHAR.source : PX_PER_CHAR.title));
    if (object.subtitle) object.subtitle = wrapText(object.subtitle, chars(PX_PER_CHAR.subtitle));
    return object;
  }

  // Narrow every view in a (possibly concatenated) spec to fit `plotWidth`, re-breaking its
  // titles; marks keep their own `width` (a bar's thickness), only views are touched.
  function narrowView(spec, plotWidth) {
    const out = { ...spec };
    if (typeof out.width === "number" && out.width > plotWidth) out.width = plotWidth;
    if (out.title) out.title = rewrapTitle(out.title, plotWidth + AXIS_ALLOWANCE / 2, "title");
    if (Array.isArray(out.vconcat)) out.vconcat = out.vconcat.map((part) => narrowView(part, plotWidth));
    if (Array.isArray(out.concat)) out.concat = out.concat.map((part) => narrowView(part, plotWidth));
    if (Array.isArray(out.hconcat)) {
      const share = Math.max(80, Math.floor(plotWidth / out.hconcat.length) - AXIS_ALLOWANCE / 2);
      out.hconcat = out.hconcat.map((part) => narrowView(part, share));
    }
    if (out.spec) out.spec = narrowView(out.spec, plotWidth);
    return out;
  }

  function fitToWidth(spec, available) {
    const config = spec.config || {};
    const view = config.view || {};
    const natural = view.continuousWidth || 600;
    if (available >= natural + AXIS_ALLOWANCE) return spec;
    const plotWidth = Math.max(MIN_PLOT_WIDTH, available - AXIS_ALLOWANCE);
    const narrowed = narrowView({ ...spec, title: undefined }, plotWidth);
    // The publish() frame's bottom title is the source line, in smaller type.
    if (spec.title) narrowed.title = rewrapTitle(spec.title, available, "source");
    narrowed.config = {
      ...config,
      view: { ...view, continuousWidth: Math.min(view.continuousWidth || plotWidth, plotWidth) },
      // One legend entry a row: a horizontal legend runs off a phone's screen.
      legend: { ...(config.legend || {}), direction: "vertical" },
    };
    return narrowed;
  }

  const PNG_SCALE = 2; // exported PNGs at twice screen resolution

  function labelActions(view) {
    // vega-embed's menu button is an icon with no name: say what it does (WCAG 4.1.2).
    const summary = view.querySelector("details > summary");
    if (summary) summary.setAttribute("aria-label", "Chart menu: save as SVG or PNG");
  }

  // vega-embed makes the picture on mousedown only, so Enter on a focused "Save as" link
  // downloaded the page itself. Make both pictures as soon as the menu opens, by mouse or
  // keyboard, so each link already holds its file; name it after the chart.
  function exportFromKeyboard(container, element, vegaView) {
    const details = element.querySelector(".vega-embed details, details");
    const links = Array.from(element.querySelectorAll(".vega-actions a[download]"));
    if (!details || !links.length) return;
    for (const link of links) {
      const format = link.download.split(".").pop();
      link.download = `${container.id}.${format}`;
      link.removeAttribute("target"); // a new tab for a data: URL is a blocked pop-up, not a download
    }
    details.addEventListener("toggle", () => {
      if (!details.open) return;
      for (const link of links) {
        const format = link.download.split(".").pop();
        if (format !== "png" && format !== "svg") continue;
        vegaView.toImageURL(format, format === "png" ? PNG_SCALE : 1).then((url) => {
          link.href = url;
          link.dataset.ready = "true";
        });
      }
    });
  }

  function draw(container) {
    const view = container.querySelector(".bookkit-chart-view");
    const original = JSON.parse(container.querySelector(".bookkit-chart-spec").textContent);
    const width = Math.floor(container.getBoundingClientRect().width) || 600;
    const dark = isDark();
    let spec = fitToWidth(original, width);
    if (dark) spec = recolour(spec);
    const previous = drawn.get(container);
    if (previous && previous.view) previous.view.finalize();
    const options = { ...EMBED_OPTIONS, tooltip: { theme: dark ? "dark" : "light" } };
    return window
      .vegaEmbed(view, spec, options)
      .then((result) => {
        drawn.set(container, { view: result.view, width, dark });
        labelActions(view);
        exportFromKeyboard(container, view, result.view);
        container.dataset.drawn = "true";
        container.dataset.mode = dark ? "dark" : "light";
      })
      .catch((error) => {
        container.dataset.drawn = "error";
        view.textContent = "This chart could not be drawn.";
        console.error("bookkit chart", container.id, error);
      });
  }

  function drawAll(containers) {
    return Promise.all(Array.from(containers, draw));
  }

  function start() {
    const containers = document.querySelectorAll(".bookkit-chart");
    drawAll(containers).then(() => {
      document.documentElement.dataset.chartsDrawn = String(containers.length);
    });

    // The theme switches mode by setting data-theme on <html>: redraw in the new inks.
    new MutationObserver(() => {
      const stale = Array.from(containers).filter((c) => (drawn.get(c) || {}).dark !== isDark());
      if (!stale.length) return;
      document.documentElement.dataset.chartsMode = "redrawing";
      drawAll(stale).then(() => {
        document.documentElement.dataset.chartsMode = isDark() ? "dark" : "light";
      });
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    document.documentElement.dataset.chartsMode = isDark() ? "dark" : "light";

    // A column that changes width (a phone turned, a window resized) gets charts that fit it.
    let pending;
    window.addEventListener("resize", () => {
      clearTimeout(pending);
      pending = setTimeout(() => {
        const resized = Array.from(containers).filter((c) => {
          const before = (drawn.get(c) || {}).width || 0;
          return Math.abs(c.getBoundingClientRect().width - before) > 40;
        });
        drawAll(resized);
      }, 250);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
