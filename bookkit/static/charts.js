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

  // Dark mode redraws a chart in the dark-page edition of each colour in the book's colour table
  // (bookkit/theme.py), which publish() ships in the spec's usermeta: light ink -> dark ink.
  // Colours no table holds are left as they are.
  function darkInks(spec) {
    const meta = (spec.usermeta || {}).bookkit || {};
    return meta.dark_inks || {};
  }

  // Average glyph widths the Python side wraps titles with (bookkit/charts.py), so lines can
  // be re-broken for a narrow column.
  const PX_PER_CHAR = { title: 9.0, subtitle: 6.8, source: 6.6 };
  // Room each chart needs beside its plot for axis labels and titles, and the narrowest plot.
  const AXIS_ALLOWANCE = 70;
  const MIN_PLOT_WIDTH = 130;
  const ACTIONS_ROOM = 38; // vega-embed's padding-right beside a chart with actions
  const REFITS = 3; // redraws allowed to close the gap between the drawn and the laid-out width

  const drawn = new Map(); // container -> {view, width, dark}

  function isDark() {
    return document.documentElement.dataset.theme === "dark";
  }

  function recolour(value, inks) {
    if (typeof value === "string") {
      const ink = inks[value.toLowerCase()];
      return ink === undefined ? value : ink;
    }
    if (Array.isArray(value)) return value.map((inner) => recolour(inner, inks));
    if (value && typeof value === "object") {
      const copy = {};
      for (const [key, inner] of Object.entries(value)) {
        // Data values are the reader's facts, never colours to swap.
        const keep = key === "datasets" || key === "values" || key === "usermeta" || key === "description";
        copy[key] = keep ? inner : recolour(inner, inks);
      }
      return copy;
    }
    return value;
  }

  // Tooltips show only fields that have a value: a row with no note shows no "Note" line.
  function isBlank(value) {
    return (
      value === undefined ||
      value === null ||
      (typeof value === "number" && Number.isNaN(value)) ||
      (typeof value === "string" && ["", "null", "undefined", "NaN"].includes(value.trim()))
    );
  }

  function formatTooltip(value, valueToHtml) {
    if (value === null || typeof value !== "object") return isBlank(value) ? "" : valueToHtml(value);
    const { title, ...fields } = value;
    let html = isBlank(title) ? "" : `<h2>${valueToHtml(title)}</h2>`;
    const rows = Object.entries(fields).filter(([, inner]) => !isBlank(inner));
    if (rows.length) {
      html += "<table>";
      for (const [key, inner] of rows) {
        html += `<tr><td class="key">${valueToHtml(key)}</td><td class="value">${valueToHtml(inner)}</td></tr>`;
      }
      html += "</table>";
    }
    return html;
  }

  // A word longer than a line (a figure's address in the credit line) is broken before a "#"
  // and after a "/", so it cannot push the picture past the column.
  function pieces(word, maxChars) {
    if (word.length <= maxChars) return [word];
    const parts = word.split(/(?<=\/)|(?=#)/);
    const out = [];
    for (const part of parts) {
      const last = out.length - 1;
      if (last >= 0 && (out[last] + part).length <= maxChars) out[last] += part;
      else out.push(part);
    }
    return out;
  }

  function wrapText(text, maxChars) {
    const words = (Array.isArray(text) ? text.join(" ") : String(text))
      .split(/\s+/)
      .flatMap((word) => pieces(word, maxChars));
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
  // Legends in several columns run off a phone's screen: one entry a row.
  function oneColumnLegends(encoding) {
    const out = { ...encoding };
    for (const [channel, definition] of Object.entries(out)) {
      if (definition && definition.legend && definition.legend.columns > 1) {
        out[channel] = { ...definition, legend: { ...definition.legend, columns: 1 } };
      }
    }
    return out;
  }

  // A view whose x is a set of categories is as wide as its categories (a step each) unless it
  // is given a width: on a phone it gets the column's.
  function discreteX(spec) {
    const x = (spec.encoding || {}).x;
    if (x && (x.type === "nominal" || x.type === "ordinal")) return true;
    return Array.isArray(spec.layer) && spec.layer.some(discreteX);
  }

  // Category labels along a narrow x axis that would not fit side by side are turned upright.
  const LABEL_ROOM = 64; // px a category label needs across
  function uprightLabels(encoding, plotWidth, categories) {
    const x = encoding.x;
    if (!x || x.type !== "nominal" || x.axis === null || !x.field) return encoding;
    if (categories(x.field) * LABEL_ROOM <= plotWidth) return encoding;
    return { ...encoding, x: { ...x, axis: { ...(x.axis || {}), labelAngle: -90, labelExpr: "datum.label" } } };
  }

  function narrowView(spec, plotWidth, inLayer = false, categories = () => 0) {
    const out = { ...spec };
    if (out.encoding) out.encoding = uprightLabels(out.encoding, plotWidth, categories);
    if (!inLayer && out.width === undefined && discreteX(out)) out.width = plotWidth;
    if (out.encoding) out.encoding = oneColumnLegends(out.encoding);
    // Layers named "…_wide_only" (bookkit.charts.wide_only) are left out on a narrow screen.
    if (Array.isArray(out.layer)) {
      out.layer = out.layer
        .filter((part) => !String(part.name || "").endsWith("_wide_only"))
        .map((part) => narrowView(part, plotWidth, true, categories));
    }
    if (typeof out.width === "number" && out.width > plotWidth) out.width = plotWidth;
    if (out.title) out.title = rewrapTitle(out.title, plotWidth + AXIS_ALLOWANCE / 2, "title");
    if (Array.isArray(out.vconcat)) out.vconcat = out.vconcat.map((part) => narrowView(part, plotWidth, false, categories));
    if (Array.isArray(out.concat)) out.concat = out.concat.map((part) => narrowView(part, plotWidth, false, categories));
    // Side-by-side panels are stacked on a narrow screen: each keeps the column's width.
    if (Array.isArray(out.hconcat)) {
      out.vconcat = out.hconcat.map((part) => narrowView(part, plotWidth, false, categories));
      delete out.hconcat;
    }
    if (out.spec) out.spec = narrowView(out.spec, plotWidth, false, categories);
    return out;
  }

  function fitToWidth(spec, available, allowance) {
    const config = spec.config || {};
    const view = config.view || {};
    const natural = view.continuousWidth || 600;
    if (available >= natural + AXIS_ALLOWANCE) return spec;
    const plotWidth = Math.max(MIN_PLOT_WIDTH, available - allowance);
    const rows = Object.values(spec.datasets || {}).flat();
    const categories = (field) => new Set(rows.map((row) => row[field])).size;
    const narrowed = narrowView({ ...spec, title: undefined }, plotWidth, false, categories);
    // The publish() frame's bottom title is the source line, in smaller type.
    if (spec.title) narrowed.title = rewrapTitle(spec.title, available, "source");
    narrowed.config = {
      ...config,
      view: { ...view, continuousWidth: Math.min(view.continuousWidth || plotWidth, plotWidth) },
      // One legend entry a row, and several legends one under another: side by side they run
      // off a phone's screen (and the page shrinks the chart's text with them).
      legend: {
        ...(config.legend || {}),
        direction: "vertical",
        labelLimit: Math.max(120, available - 60),
        layout: { top: { direction: "vertical" }, bottom: { direction: "vertical" } },
      },
      // Long category names would squeeze the plot to nothing: they end in "…" (tooltips and
      // the table view give them whole).
      axis: { ...(config.axis || {}), labelLimit: Math.floor(available * 0.4) },
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

  function embed(container, spec, dark) {
    const view = container.querySelector(".bookkit-chart-view");
    const previous = drawn.get(container);
    if (previous && previous.view) previous.view.finalize();
    const options = { ...EMBED_OPTIONS, tooltip: { theme: dark ? "dark" : "light", formatTooltip } };
    return window.vegaEmbed(view, spec, options);
  }

  // The drawn width of the chart's picture (before CSS scales a too-wide one down).
  function naturalWidth(container) {
    const svg = container.querySelector("svg.marks");
    return svg ? Number(svg.getAttribute("width")) || svg.getBoundingClientRect().width : 0;
  }

  async function draw(container) {
    const view = container.querySelector(".bookkit-chart-view");
    const original = JSON.parse(container.querySelector(".bookkit-chart-spec").textContent);
    const columnWidth = Math.floor(container.getBoundingClientRect().width) || 600;
    // vega-embed keeps a strip on the right for its menu button: the picture has the rest.
    const width = columnWidth - ACTIONS_ROOM;
    const dark = isDark();
    const inks = darkInks(original);
    const prepare = (allowance) => {
      const fitted = fitToWidth(original, width, allowance);
      return dark ? recolour(fitted, inks) : fitted;
    };
    try {
      let allowance = AXIS_ALLOWANCE;
      let result = await embed(container, prepare(allowance), dark);
      // On a narrow column, axis labels and legends take what room they need: measure what was
      // drawn and redraw so the picture fills the column (CSS would otherwise shrink a too-wide
      // one, and its text with it, or leave a narrow one short).
      const narrow = width < (original.config?.view?.continuousWidth || 600) + AXIS_ALLOWANCE;
      for (let refit = 0; narrow && refit < REFITS; refit++) {
        const drawnWidth = naturalWidth(container);
        // A little short is fine; any wider and the page shrinks the picture and its text.
        if (!drawnWidth || (drawnWidth <= width && width - drawnWidth <= 4)) break;
        const next = Math.max(0, allowance + (drawnWidth - width) + 2);
        if (next === allowance) break;
        allowance = next;
        result = await embed(container, prepare(allowance), dark);
      }
      drawn.set(container, { view: result.view, width: columnWidth, dark });
      labelActions(view);
      exportFromKeyboard(container, view, result.view);
      container.dataset.drawn = "true";
      container.dataset.mode = dark ? "dark" : "light";
    } catch (error) {
      container.dataset.drawn = "error";
      view.textContent = "This chart could not be drawn.";
      console.error("bookkit chart", container.id, error);
    }
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
