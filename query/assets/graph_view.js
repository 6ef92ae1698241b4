// geokg offline graph view. Reads the JSON in <script id="geokg-data">,
// draws it as SVG, and wires pan (drag), zoom (wheel), hover details, a
// node's timeline on click, search and a relation filter. Data reaches the
// page only through textContent and attributes, never as markup.
(function () {
  "use strict";
  var errors = document.getElementById("errors");
  window.addEventListener("error", function (e) {
    errors.textContent += (e.message || "error") + "\n";
  });
  var data = JSON.parse(document.getElementById("geokg-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("graph");
  var viewport = document.getElementById("viewport");
  var tip = document.getElementById("tip");
  var panel = document.getElementById("panel");
  var typeColor = {PERSON: "#4e79a7", GPE: "#f28e2b", ORG: "#59a14f", GROUP: "#b07aa1"};
  var classColor = {cooperative: "#2a9d4b", conflictual: "#d62728", neutral: "#8c8c8c"};

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function html(name, text, parent) {
    var node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; n.edges = []; });
  var edgeLayer = el("g", {"class": "edges"}, viewport);
  var nodeLayer = el("g", {"class": "nodes"}, viewport);
  var labelLayer = el("g", {"class": "labels"}, viewport);

  function showTip(evt, text) {
    tip.textContent = text;
    tip.style.display = "block";
    tip.style.left = (evt.clientX + 12) + "px";
    tip.style.top = (evt.clientY + 12) + "px";
  }
  function hideTip() { tip.style.display = "none"; }

  var pairCount = {};
  data.edges.forEach(function (e) {
    var a = byId[e.s], b = byId[e.t];
    a.edges.push(e);
    if (b !== a) b.edges.push(e);
    var key = e.s < e.t ? e.s + " " + e.t : e.t + " " + e.s;
    var k = pairCount[key] = (pairCount[key] || 0) + 1;
    var d;
    if (a === b) {
      // Self-loops above the node, growing with the node and the loop count.
      var r = (Math.min(22, 4 + 2 * Math.sqrt(a.degree)) + 6 + 3 * (k - 1)) / 2;
      d = "M" + a.x + "," + a.y + " a" + r + "," + r + " 0 1,1 0.1,0";
    } else {
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.max(Math.hypot(dx, dy), 1e-9);
      // Bends count from the lower id's side, so opposite edges fan out too.
      var side = e.s < e.t ? 1 : -1;
      var bend = side * ((k % 2) ? 1 : -1) * 12 * Math.floor(k / 2);
      var mx = (a.x + b.x) / 2 - dy / len * bend, my = (a.y + b.y) / 2 + dx / len * bend;
      d = "M" + a.x + "," + a.y + " Q" + mx + "," + my + " " + b.x + "," + b.y;
    }
    e.path = el("path", {"class": "edge", d: d, stroke: classColor[e.cls] || "#8c8c8c",
                         "stroke-dasharray": e.negated ? "4 3" : "none"}, edgeLayer);
    e.path.addEventListener("mousemove", function (evt) {
      showTip(evt, a.name + " \u2013" + e.relation + (e.negated ? " (not)" : "") + "\u2192 " +
              b.name + "  " + (e.date || "undated") + "\n" + e.predicate + "\n" + e.evidence +
              "\n[" + e.doc + "]");
    });
    e.path.addEventListener("mouseleave", hideTip);
  });

  data.nodes.forEach(function (n) {
    n.circle = el("circle", {"class": "node", cx: n.x, cy: n.y,
                             r: Math.min(22, 4 + 2 * Math.sqrt(n.degree)),
                             fill: typeColor[n.type] || "#9c9c9c"}, nodeLayer);
    n.label = el("text", {x: n.x + Math.min(22, 4 + 2 * Math.sqrt(n.degree)) + 3, y: n.y + 4},
                 labelLayer);
    n.label.textContent = n.name;
    n.circle.addEventListener("mousemove", function (evt) {
      showTip(evt, n.name + " (" + n.type + ", " + n.degree + " edges)" +
              (n.aliases.length ? "\nalso: " + n.aliases.join(", ") : ""));
    });
    n.circle.addEventListener("mouseleave", hideTip);
    n.circle.addEventListener("click", function (evt) { evt.stopPropagation(); showTimeline(n); });
  });
  svg.setAttribute("data-nodes", String(data.nodes.length));
  svg.setAttribute("data-edges", String(data.edges.length));
  document.getElementById("node-count").textContent = String(data.nodes.length);
  document.getElementById("edge-count").textContent = String(data.edges.length);

  // A node's timeline: its edges by date, undated last.
  function showTimeline(n) {
    panel.textContent = "";
    html("h2", n.name, panel);
    html("p", n.type + " \u00b7 " + n.edges.length + " edges", panel);
    var rows = n.edges.slice().sort(function (x, y) {
      var dx = x.date || "9999", dy = y.date || "9999";
      return dx < dy ? -1 : dx > dy ? 1 : 0;
    });
    var list = html("ol", undefined, panel);
    list.className = "timeline";
    rows.forEach(function (e) {
      var item = html("li", undefined, list);
      var head = html("div", undefined, item);
      var when = html("span", (e.date || "undated") + " ", head);
      when.className = "date";
      var rel = html("span", e.relation + (e.negated ? " (not)" : ""), head);
      rel.className = "rel";
      rel.style.color = classColor[e.cls];
      html("span", " " + byId[e.s].name + " \u2192 " + byId[e.t].name, head);
      var ev = html("div", e.evidence, item);
      ev.className = "evidence";
    });
    panel.style.display = "block";
  }

  // Pan and zoom: one transform on the viewport group.
  var view = {x: 0, y: 0, k: 1};
  function apply() {
    viewport.setAttribute("transform",
                          "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
  }
  var drag = null, dragged = false;
  svg.addEventListener("mousedown", function (evt) {
    drag = {x: evt.clientX - view.x, y: evt.clientY - view.y, x0: evt.clientX, y0: evt.clientY};
    dragged = false;
  });
  window.addEventListener("mousemove", function (evt) {
    if (!drag) return;
    if (Math.abs(evt.clientX - drag.x0) + Math.abs(evt.clientY - drag.y0) > 3) dragged = true;
    view.x = evt.clientX - drag.x;
    view.y = evt.clientY - drag.y;
    apply();
  });
  window.addEventListener("mouseup", function () { drag = null; });
  svg.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var rect = svg.getBoundingClientRect();
    var px = evt.clientX - rect.left, py = evt.clientY - rect.top;
    var factor = evt.deltaY < 0 ? 1.15 : 1 / 1.15;
    view.x = px - (px - view.x) * factor;
    view.y = py - (py - view.y) * factor;
    view.k = Math.min(Math.max(view.k * factor, 0.02), 50);
    apply();
  }, {passive: false});

  // Search: highlight every node whose name or alias contains the text;
  // Enter centres the first.
  var search = document.getElementById("search");
  function matches() {
    var q = search.value.trim().toLowerCase();
    return data.nodes.filter(function (n) {
      if (!q) return false;
      if (n.name.toLowerCase().indexOf(q) >= 0) return true;
      return n.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
    });
  }
  search.addEventListener("input", function () {
    var found = matches();
    data.nodes.forEach(function (n) { n.circle.classList.remove("hit"); });
    found.forEach(function (n) { n.circle.classList.add("hit"); });
    document.getElementById("hits").textContent = search.value ? found.length + " found" : "";
  });
  search.addEventListener("keydown", function (evt) {
    if (evt.key !== "Enter") return;
    var found = matches();
    if (!found.length) return;
    var rect = svg.getBoundingClientRect();
    view.x = rect.width / 2 - found[0].x * view.k;
    view.y = rect.height / 2 - found[0].y * view.k;
    apply();
    showTimeline(found[0]);
  });

  // Relation filter: one checkbox per relation present.
  var relations = {};
  data.edges.forEach(function (e) { relations[e.relation] = true; });
  var filters = document.getElementById("relations");
  Object.keys(relations).sort().forEach(function (r) {
    var label = html("label", undefined, filters);
    var box = html("input", undefined, label);
    box.type = "checkbox";
    box.checked = true;
    box.value = r;
    html("span", " " + r, label);
    box.addEventListener("change", function () {
      data.edges.forEach(function (e) {
        if (e.relation === r) e.path.style.display = box.checked ? "" : "none";
      });
    });
  });
  // A click on the background closes the panel; the end of a pan does not.
  svg.addEventListener("click", function () { if (!dragged) panel.style.display = "none"; });

  // Start with the whole graph in view, labels included (about 140 px right
  // of the rightmost node).
  (function fit() {
    if (!data.nodes.length) return;
    var rect = svg.getBoundingClientRect();
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    data.nodes.forEach(function (n) {
      minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
      minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
    });
    var w = maxX - minX + 180, h = maxY - minY + 60;
    if (rect.width <= 0 || rect.height <= 0) return;  // Hidden: keep scale 1.
    view.k = Math.max(Math.min(rect.width / w, rect.height / h, 2), 0.02);
    view.x = (rect.width - (maxX - minX + 140) * view.k) / 2 - minX * view.k;
    view.y = (rect.height - (maxY - minY) * view.k) / 2 - minY * view.k;
    apply();
  })();
})();
