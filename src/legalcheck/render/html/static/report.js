// Sorting and filtering of the regional matrix. The page is complete without it: the table is
// there in full, and the controls are shown only when this script runs.
(function () {
  "use strict";
  var table = document.getElementById("matrix");
  if (!table) return;
  var tbody = table.tBodies[0];
  var controls = document.getElementById("matrix-controls");
  var ratingSel = document.getElementById("filter-rating");
  var indSel = document.getElementById("filter-indicator");
  var status = document.getElementById("filter-status");

  function rows() { return Array.prototype.slice.call(tbody.rows); }

  function key(row, by) {
    if (by === "country") return row.getAttribute("data-country").toLocaleLowerCase();
    if (by === "score") return parseFloat(row.getAttribute("data-score"));
    var cell = row.querySelector('td[data-ind="' + by + '"]');
    return cell ? parseInt(cell.getAttribute("data-order"), 10) : 99;
  }

  function sortBy(by, th) {
    var current = th.getAttribute("aria-sort");
    // Scores sort best first; ratings sort Yes first; names A to Z. A second press reverses.
    var first = by === "score" ? "descending" : "ascending";
    var dir = current === first ? (first === "ascending" ? "descending" : "ascending") : first;
    var sign = dir === "ascending" ? 1 : -1;
    var sorted = rows().sort(function (a, b) {
      var ka = key(a, by), kb = key(b, by);
      if (ka < kb) return -sign;
      if (ka > kb) return sign;
      return parseInt(a.getAttribute("data-index"), 10) - parseInt(b.getAttribute("data-index"), 10);
    });
    sorted.forEach(function (r) { tbody.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var label = th.textContent.trim();
    if (status) status.textContent = "Sorted by " + label + (dir === "ascending" ? ", ascending." : ", descending.");
  }

  Array.prototype.forEach.call(table.querySelectorAll("button.sort"), function (button) {
    button.addEventListener("click", function () { sortBy(button.getAttribute("data-sort"), button.parentNode); });
  });

  function applyFilter() {
    var rating = ratingSel.value, ind = indSel.value, shown = 0, all = rows();
    all.forEach(function (row) {
      var cells = Array.prototype.slice.call(row.querySelectorAll("td.cell"));
      var match = !rating;
      cells.forEach(function (cell) {
        var hit = (!rating || cell.getAttribute("data-rating") === rating) &&
                  (!ind || cell.getAttribute("data-ind") === ind);
        if (rating && hit) match = true;
        cell.classList.toggle("dim", !!(rating || ind) && !hit);
      });
      if (!rating && ind) match = true;
      row.classList.toggle("filtered-out", !match);
      if (match) shown += 1;
    });
    if (status) {
      status.textContent = (rating || ind)
        ? "Showing " + shown + " of " + all.length + " countries."
        : "Showing all " + all.length + " countries.";
    }
  }

  if (controls) {
    controls.hidden = false;
    ratingSel.addEventListener("change", applyFilter);
    indSel.addEventListener("change", applyFilter);
    document.getElementById("filter-reset").addEventListener("click", function () {
      ratingSel.value = ""; indSel.value = ""; applyFilter();
    });
    controls.addEventListener("submit", function (e) { e.preventDefault(); });
  }
})();
