// The site menu is a <details> disclosure that opens and closes without JavaScript. This adds
// what a reader expects on top: Escape closes it, a tap or focus elsewhere closes it, it stays
// open on wide screens, and links that do not fit the wide menu row move under "More".
(function () {
  var menu = document.querySelector("details.menu");
  if (!menu) return;
  var wide = window.matchMedia("(min-width: 60rem)");
  var list = menu.querySelector(".menu-list");
  var more = menu.querySelector(".menu-more");
  var moreList = more.querySelector("ul");
  var moreBox = more.querySelector("details");

  function fit() {
    while (moreList.firstElementChild) list.insertBefore(moreList.firstElementChild, more);
    more.hidden = true;
    if (!wide.matches || list.scrollWidth <= list.clientWidth + 1) return;
    more.hidden = false;
    var items = Array.prototype.slice.call(list.children, 0, -1);
    for (var i = items.length - 1; i > 0 && list.scrollWidth > list.clientWidth + 1; i--) {
      if (!items[i].querySelector("[aria-current]")) moreList.insertBefore(items[i], moreList.firstChild);
    }
  }

  function layout() {
    menu.open = wide.matches;
    moreBox.open = false;
    list.classList.add("menu-row");
    fit();
  }

  function close(box) {
    if (!box.open || (box === menu && wide.matches)) return;
    box.open = false;
    box.querySelector("summary").focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (moreBox.open) close(moreBox);
    else if (menu.contains(document.activeElement) || !wide.matches) close(menu);
  });
  [menu, moreBox].forEach(function (box) {
    box.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !box.contains(event.relatedTarget) && !(box === menu && wide.matches)) box.open = false;
    });
  });
  document.addEventListener("click", function (event) {
    if (!moreBox.contains(event.target)) moreBox.open = false;
    if (!menu.contains(event.target) && !wide.matches) menu.open = false;
  });
  wide.addEventListener("change", layout);
  window.addEventListener("resize", fit);
  layout();
})();
