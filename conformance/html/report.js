"use strict";
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("#rows tbody tr"));
  var box = document.getElementById("filters");
  if (!box || rows.length === 0) { return; }
  var keys = ["vendor", "operation", "outcome"];
  var selects = {};
  keys.forEach(function (key) {
    var values = {};
    rows.forEach(function (r) { values[r.dataset[key]] = true; });
    var select = document.getElementById("filter-" + key);
    Object.keys(values).sort().forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = v; select.appendChild(o);
    });
    select.addEventListener("change", apply);
    selects[key] = select;
  });
  var cell = null;
  function apply() {
    var shown = 0;
    rows.forEach(function (r) {
      var ok = keys.every(function (k) { return !selects[k].value || r.dataset[k] === selects[k].value; });
      if (cell) { ok = ok && r.dataset.cell === cell; }
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    document.getElementById("filter-count").textContent = shown + " of " + rows.length + " shown";
  }
  document.querySelectorAll("table.grid td.cell a").forEach(function (a) {
    a.addEventListener("click", function () { cell = a.parentNode.id; apply(); });
  });
  document.getElementById("filter-clear").addEventListener("click", function () {
    cell = null; keys.forEach(function (k) { selects[k].value = ""; }); apply();
  });
  box.hidden = false;
  apply();
})();
