/* "Wat werkt?": a link to a folded strategy or form (the ranking, the contents, a shared
   address) opens it. Browsers scroll to an element inside a closed <details> without
   opening it everywhere. */
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
