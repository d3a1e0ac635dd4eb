// Starts Pagefind's search UI; kept in a file so the Content-Security-Policy needs no inline script.
// Pagefind labels its box only with `title` (axe: label-title-only): the page's visible
// #search-label names it instead.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    translations: { placeholder: element.getAttribute("data-placeholder") },
    // Pagefind shows excerpts as HTML, made from the page's text: a title or text that reads
    // "<img src=x onerror=…>" would become an element. Keep only its <mark> highlights.
    processResult: function (result) {
      var text = function (excerpt) {
        return String(excerpt || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
          .replace(/&lt;mark&gt;/g, "<mark>").replace(/&lt;\/mark&gt;/g, "</mark>");
      };
      result.excerpt = text(result.excerpt);
      (result.sub_results || []).forEach(function (sub) { sub.excerpt = text(sub.excerpt); });
      return result;
    }
  });
  function label() {
    var input = element.querySelector("input[type=text], input[type=search]");
    if (!input) return false;
    input.setAttribute("aria-labelledby", "search-label");
    input.removeAttribute("title");
    return true;
  }
  if (!label()) {
    var observer = new MutationObserver(function () { if (label()) observer.disconnect(); });
    observer.observe(element, { childList: true, subtree: true });
  }
});
