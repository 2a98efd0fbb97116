// The header's menus drop down under their name from 700 px on. Where the
// header wraps, a menu near the right edge would reach past it: such a
// drop-down is aligned to the right of its name instead ("flip"). Without
// this script the menus still open; only the alignment is fixed.
document.addEventListener("toggle", (e) => {
  const d = e.target;
  if (!(d instanceof HTMLDetailsElement) || !d.open || !d.closest("header")) return;
  const ul = d.querySelector(":scope > ul");
  if (!ul) return;
  ul.classList.remove("flip");
  const width = document.documentElement.clientWidth;
  if (ul.getBoundingClientRect().right > width) {
    ul.classList.add("flip");
    if (ul.getBoundingClientRect().left < 0) ul.classList.remove("flip");
  }
}, true);
