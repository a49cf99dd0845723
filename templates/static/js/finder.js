// Progressive enhancement of the practice finder; every part of it also works without this.
//
// - On a phone the filters fold away behind their "Filters" summary (the page sends them open,
//   so that without this script they show after the results, or beside them on a wide screen).
// - Ticking a filter applies it at once (the "Filters toepassen" button stays for the years and
//   for use without this script). After the page comes back, the focus returns to the element
//   the visitor used: the same checkbox or sort link, or else the results heading; the new
//   number of results is announced.
// - "Naar de filters" unfolds the filters before it moves there.
(function () {
  var FOCUS_KEY = "praktijkbank-finder-focus";
  var WIDE = window.matchMedia("(min-width: 56rem)"); // the same width as the grid in site.css
  var filters = document.querySelector("[data-finder-filters]");
  var form = document.getElementById("finder-filters");

  function remember(id) {
    try {
      sessionStorage.setItem(FOCUS_KEY, id);
    } catch (error) {} // no storage (private mode, blocked): the page just starts at the top
  }

  function recall() {
    try {
      var id = sessionStorage.getItem(FOCUS_KEY);
      sessionStorage.removeItem(FOCUS_KEY);
      return id;
    } catch (error) {
      return null;
    }
  }

  function unfoldAround(element) {
    for (var node = element.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function announce(text) {
    var region = document.getElementById("finder-announcement");
    if (!region) return;
    // A live region speaks when its text changes, not when the page loads with it: wait until
    // the screen reader has read the newly focused element.
    setTimeout(function () {
      region.textContent = text;
    }, 500);
  }

  var focusId = recall(); // read once, also on a page without filters (a refused search)
  if (!filters || !form) return;
  var heading = document.getElementById("results-heading");
  var target = focusId && document.getElementById(focusId);
  if (focusId && !target) target = heading; // e.g. a value that no longer gives results

  var filtersWanted = location.hash === "#filters" || (target && filters.contains(target));
  if (!WIDE.matches && !filtersWanted) filters.open = false;
  WIDE.addEventListener("change", function (event) {
    if (event.matches) filters.open = true;
  });

  if (target) {
    unfoldAround(target);
    target.focus({ focusVisible: true });
    if (target !== heading && heading) announce(heading.textContent.trim());
  }

  // Back to a page the browser kept: show the filters it was sent with, not the box ticked
  // on it just before leaving (whose results are on the next page).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) form.reset();
  });

  var hint = document.querySelector("[data-finder-hint]");
  if (hint) hint.hidden = false;

  form.addEventListener("change", function (event) {
    if (event.target.type !== "checkbox") return;
    remember(event.target.id);
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });
  form.addEventListener("submit", function (event) {
    // The button (or Enter in a year field) was used, not a checkbox: go on at the results.
    if (event.submitter && heading) remember(heading.id);
  });

  document.querySelectorAll("[data-finder-keep-focus]").forEach(function (link) {
    link.addEventListener("click", function () {
      remember(link.id);
    });
  });

  document.querySelectorAll("[data-finder-open-filters]").forEach(function (link) {
    link.addEventListener("click", function () {
      filters.open = true; // the browser then moves the focus to #filters
    });
  });
})();
