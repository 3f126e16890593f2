"use strict";
(function () {
  var data = document.getElementById("rows-data");
  var box = document.getElementById("filters");
  if (!data || !box) { return; }
  var PAGE = 100;
  var doc = JSON.parse(data.textContent);
  var S = doc.strings;
  function str(x) { return typeof x === "number" ? S[x] : x; }
  // A row: seq, outcome, status, method, operation, vendor, URL, file:line, cell, problems.
  var rows = doc.rows.filter(function (r) { return r !== null; }).map(function (r) {
    return [r[0], r[1], r[2], str(r[3]), str(r[4]), str(r[5]), r[6], str(r[7]) + (r[8] ? ":" + r[8] : ""), str(r[9]), r[10]];
  });
  var tbody = document.querySelector("#rows tbody");
  var sel = { outcome: document.getElementById("filter-outcome"), vendor: document.getElementById("filter-vendor") };
  var q = document.getElementById("filter-q");
  var col = { outcome: 1, vendor: 5 };
  var state = { outcome: "", vendor: "", q: "", cell: "", page: 1 };
  Object.keys(sel).forEach(function (key) {
    var seen = {};
    rows.forEach(function (r) { seen[r[col[key]]] = true; });
    Object.keys(seen).sort().forEach(function (v) {
      var o = document.createElement("option"); o.value = v; o.textContent = v; sel[key].appendChild(o);
    });
    sel[key].addEventListener("change", function () { state[key] = sel[key].value; state.page = 1; save(); draw(); });
  });
  q.addEventListener("input", function () { state.q = q.value; state.page = 1; save(); draw(); });
  function load() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) { return false; }
    var p = new URLSearchParams(h);
    state = { outcome: p.get("outcome") || "", vendor: p.get("vendor") || "", q: p.get("q") || "", cell: p.get("cell") || "", page: parseInt(p.get("page"), 10) || 1 };
    sel.outcome.value = state.outcome; sel.vendor.value = state.vendor; q.value = state.q;
    return true;
  }
  function save() {
    var p = new URLSearchParams();
    ["outcome", "vendor", "q", "cell"].forEach(function (k) { if (state[k]) { p.set(k, state[k]); } });
    if (state.page > 1) { p.set("page", state.page); }
    var s = p.toString();
    history.replaceState(null, "", s ? "#" + s : location.pathname + location.search);
  }
  function keep(r) {
    if (state.outcome && r[1] !== state.outcome) { return false; }
    if (state.vendor && r[5] !== state.vendor) { return false; }
    if (state.cell && r[8] !== state.cell) { return false; }
    if (state.q) {
      var t = (r[4] + " " + r[6] + " " + r[7] + " " + r[3]).toLowerCase();
      if (t.indexOf(state.q.toLowerCase()) < 0) { return false; }
    }
    return true;
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td"); td.textContent = text; if (cls) { td.className = cls; } tr.appendChild(td);
  }
  function draw() {
    var shown = rows.filter(keep);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    state.page = Math.min(Math.max(1, state.page), pages);
    var frag = document.createDocumentFragment();
    shown.slice((state.page - 1) * PAGE, state.page * PAGE).forEach(function (r) {
      var tr = document.createElement("tr");
      tr.className = r[1]; tr.dataset.outcome = r[1]; tr.dataset.cell = r[8];
      cell(tr, r[1] === "fail" ? "FAIL" : r[1], "outcome"); cell(tr, String(r[2])); cell(tr, r[3]); cell(tr, r[4]);
      cell(tr, r[5]); cell(tr, r[6], "url"); cell(tr, r[7], "loc"); cell(tr, r[9].join("\n"), "problems");
      frag.appendChild(tr);
    });
    tbody.replaceChildren(frag);
    document.getElementById("filter-count").textContent = shown.length + " of " + rows.length + " shown" + (state.cell ? " (one grid cell)" : "");
    document.getElementById("pager").hidden = pages < 2;
    document.getElementById("page-of").textContent = "page " + state.page + " of " + pages;
    document.getElementById("page-prev").disabled = state.page <= 1;
    document.getElementById("page-next").disabled = state.page >= pages;
  }
  document.getElementById("page-prev").addEventListener("click", function () { state.page--; save(); draw(); });
  document.getElementById("page-next").addEventListener("click", function () { state.page++; save(); draw(); });
  document.getElementById("filter-clear").addEventListener("click", function () {
    state = { outcome: "", vendor: "", q: "", cell: "", page: 1 };
    sel.outcome.value = ""; sel.vendor.value = ""; q.value = ""; save(); draw();
  });
  window.addEventListener("hashchange", function () {
    if (load()) { draw(); document.getElementById("interactions").scrollIntoView(); }
  });
  box.hidden = false;
  var fromURL = load();
  draw();
  if (fromURL && state.cell) { document.getElementById("interactions").scrollIntoView(); }
})();
