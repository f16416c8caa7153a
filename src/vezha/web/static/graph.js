// Draws the graph of who talks about whom with vis-network (shipped by the pyvis package).
// Data: the page's .json twin (data-src); labels go in as text, never as HTML.
"use strict";
(function () {
  var box = document.getElementById("graph");
  if (!box || typeof vis === "undefined") { return; }
  var COLORS = { speaker: "#d4380d", entity: "#1f5fbf" };

  function node(n) {
    return { id: n.id, label: String(n.label), title: String(n.label) + (n.type ? " (" + n.type + ")" : ""),
             kind: n.kind, shape: "dot", size: n.kind === "speaker" ? 12 : 9,
             color: COLORS[n.kind] || "#888", font: { size: 13 } };
  }

  function edge(e, i) {
    return { id: i, from: e.from, to: e.to, value: e.weight, title: e.weight + " claims", arrows: "to",
             color: { color: "#b8c0cc", highlight: "#333" } };
  }

  function draw(data) {
    var nodes = new vis.DataSet(data.nodes.map(node));
    var edges = new vis.DataSet(data.edges.map(edge));
    var network = new vis.Network(box, { nodes: nodes, edges: edges }, {
      physics: { stabilization: { iterations: 150 }, barnesHut: { springLength: 120 } },
      interaction: { hover: true }
    });
    network.once("stabilizationIterationsDone", function () { box.setAttribute("data-ready", "1"); });
    network.on("doubleClick", open);
    network.on("click", open);
    function open(params) {
      if (!params.nodes.length) { return; }
      var n = nodes.get(params.nodes[0]);
      var base = n.kind === "speaker" ? "/speaker/" : "/entity/";
      window.location.href = base + encodeURIComponent(n.id);
    }
    box.setAttribute("data-nodes", String(data.nodes.length));
  }

  fetch(box.getAttribute("data-src"), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(draw)
    .catch(function (err) { box.textContent = "The graph could not be drawn: " + err; });
})();
