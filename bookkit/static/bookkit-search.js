// The search page: Pagefind's interface, one result per section with the matching words marked.
// search.html?q=WORD opens the results for WORD (the theme's search box and its Ctrl+K dialog
// submit that way, and older links to searches keep working).
(function () {
  "use strict";

  function start() {
    const root = document.getElementById("bookkit-search");
    if (location.protocol === "file:") {
      document.querySelector(".bookkit-search-needs-server").hidden = false;
      return;
    }
    const ui = new PagefindUI({
      element: root,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      excerptLength: 30,
      autofocus: true,
    });
    const query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
