// Starts Pagefind's search UI; kept in a file so the Content-Security-Policy needs no inline script.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    translations: { placeholder: element.getAttribute("data-placeholder") }
  });
});
