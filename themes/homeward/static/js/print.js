// The print button beside the share links. A file, not an inline handler: the site's
// Content-Security-Policy runs only its own script files. The button is hidden in the HTML,
// so a reader without JavaScript never meets a button that does nothing.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
  button.closest("[hidden]")?.removeAttribute("hidden");
}
