// The report's interactions: an actor's ties with their evidence, stress points on the maps,
// sortable tables. The page reads and prints without it.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("alliances-data").textContent);
  var names = data.names;
  var details = document.getElementById("details");

  function name(id) { return names[id] || id; }
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  function signed(x) { return (x > 0 ? "+" : "") + x.toFixed(2); }
  // A stance with as many decimals (two to four) as it has, as the text reports write it.
  function stance(x) {
    var places = [2, 3, 4].filter(function (d) { return Math.abs(Number(x.toFixed(d)) - x) < 1e-9; })[0] || 4;
    return (x > 0 ? "+" : "") + x.toFixed(places);
  }

  function showActor(view, actor) {
    var ties = (data.ties[view] || []).filter(function (t) { return t.a === actor || t.b === actor; });
    details.textContent = "";
    var title = el("h3", name(actor) + " in " + (view === "overall" ? "the overall view" : (data.theaters[view] || view)));
    details.appendChild(title);
    if (!ties.length) { details.appendChild(el("p", "No ties here.")); return; }
    var table = el("table"), head = el("tr");
    ["With", "Stance", "Evidence"].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(head);
    ties.forEach(function (t) {
      var row = el("tr"), other = t.a === actor ? t.b : t.a;
      row.appendChild(el("td", name(other) + (t.frustrated ? " (frustrated)" : "")));
      row.appendChild(el("td", signed(t.stance)));
      var cell = el("td");
      if (!t.evidence.length) cell.textContent = "-";
      t.evidence.forEach(function (e) {
        var p = el("p", (e.says ? "“" + e.says + "” " : "") + "(" + e.title + (e.at ? ", " + e.at : "") + ")");
        cell.appendChild(p);
      });
      row.appendChild(cell);
      table.appendChild(row);
    });
    details.appendChild(table);
    showExit(view, actor);
    highlight([actor], [view], false);
    details.scrollIntoView({ block: "nearest" });
  }

  // The cheapest change to the actor's own ties after which it leaves its camp.
  function showExit(view, actor) {
    var found = (data.exits[view] || {})[actor];
    if (!found) return;
    details.appendChild(el("h4", "What would move " + name(actor)));
    if (!found.feasible) {
      details.appendChild(el("p", "No change to its own ties, within -1..+1, moves it out of its camp (proven)."));
      return;
    }
    if (found.cost === null) {
      details.appendChild(el("p", "No plan found in the search's budget; none cheaper than " + found.bound.toFixed(2) + " exists."));
      return;
    }
    function words(changes) {
      return changes.map(function (c) {
        var verb = c.to > c.stance ? "raise " : "lower ";
        return verb + name(c.a) + "–" + name(c.b) + " from " + signed(c.stance) + " to " + stance(c.to);
      }).join("; ");
    }
    var list = el("ul");
    list.appendChild(el("li", words(found.changes)));
    found.as_cheap.forEach(function (other) { list.appendChild(el("li", "or, as cheap: " + words(other))); });
    details.appendChild(list);
    var after = found.camps_after.filter(function (camp) { return camp.indexOf(actor) >= 0; })[0] || [];
    var mates = after.filter(function (m) { return m !== actor; }).map(name);
    details.appendChild(el("p", "Cost " + found.cost.toFixed(2) + " (confidence × stance change)" +
      (found.proven ? "; no change cheaper than " + found.bound.toFixed(2) + " moves it (proven)" : "; not proven least") + ". Then it stands " +
      (mates.length ? "with " + mates.join(", ") : "alone") + ". More plans: alliances levers --move " + actor + " --theater " + view + "."));
  }

  function highlight(actors, views, withTies) {
    var chosen = {};
    actors.forEach(function (a) { chosen[a] = true; });
    document.querySelectorAll(".hl").forEach(function (e) { e.classList.remove("hl"); });
    document.body.classList.add("dim");
    document.querySelectorAll("#coalitions svg.map").forEach(function (svg) {
      var view = svg.getAttribute("data-view");
      if (views.indexOf(view) < 0 && !(views.indexOf("overall") >= 0 && view === "overall")) return;
      svg.querySelectorAll(".actor, .labels text").forEach(function (e) {
        if (chosen[e.getAttribute("data-actor")]) e.classList.add("hl");
      });
      svg.querySelectorAll(".tie, .halo").forEach(function (e) {
        var a = e.getAttribute("data-a"), b = e.getAttribute("data-b");
        if (withTies ? (chosen[a] && chosen[b]) : (chosen[a] || chosen[b])) e.classList.add("hl");
      });
    });
  }

  function clear() {
    document.body.classList.remove("dim");
    document.querySelectorAll(".hl, .chosen").forEach(function (e) { e.classList.remove("hl"); e.classList.remove("chosen"); });
  }

  document.querySelectorAll("svg.map .actor").forEach(function (node) {
    function pick() { showActor(node.closest("svg").getAttribute("data-view"), node.getAttribute("data-actor")); }
    node.addEventListener("click", pick);
    node.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  });

  document.querySelectorAll("tr.stress-row").forEach(function (row) {
    function pick() {
      var was = row.classList.contains("chosen");
      clear();
      if (was) return;
      row.classList.add("chosen");
      var views = row.getAttribute("data-views").split(" ");
      views.push("overall");
      highlight(row.getAttribute("data-actors").split(" "), views, true);
    }
    row.addEventListener("click", pick);
    row.addEventListener("keydown", function (e) { if (e.key === "Enter") pick(); });
  });

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[column];
          var sort = cell.getAttribute("data-sort");
          return sort !== null ? parseFloat(sort) : cell.textContent.trim().toLowerCase();
        }
        rows.sort(function (x, y) {
          var a = key(x), b = key(y);
          var order = a < b ? -1 : a > b ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
