// The network picture of a lead (Cytoscape.js, served by Baken). The elements come from the
// page as JSON; labels are set as text, never as HTML.
(function () {
  "use strict";
  var container = document.getElementById("network-graph");
  var data = document.getElementById("network-elements");
  if (!container || !data || typeof cytoscape !== "function") { return; }
  var LABELLED_LAYOUT = 40;  // nodes
  var colours = { post: "#8c8c8c", phone: "#c0392b", handle: "#00689e", email: "#2e7d32", template: "#6b2c91" };
  var elements = JSON.parse(data.textContent);
  var nodes = elements.filter(function (element) { return !element.data.source; }).length;
  var cy = cytoscape({
    container: container,
    elements: elements,
    // In a small network labels count as part of a node's size, so the layout keeps them from
    // running together; in a large one that would shrink the picture to a column of dots.
    layout: {
      name: "cose", animate: false, padding: 20, nodeDimensionsIncludeLabels: nodes <= LABELLED_LAYOUT
    },
    // Fitting a small network to the frame may enlarge it this far, no further: a three-post
    // network fills the picture without its dots turning into discs.
    maxZoom: 2,
    style: [
      { selector: "node", style: {
        "background-color": function (node) { return colours[node.data("kind")] || "#555"; },
        "label": "data(label)", "font-size": 9, "text-valign": "bottom", "text-margin-y": 2,
        "text-background-color": "#ffffff", "text-background-opacity": 0.8,
        "width": function (node) { return node.data("kind") === "post" ? 10 : 18; },
        "height": function (node) { return node.data("kind") === "post" ? 10 : 18; }
      } },
      { selector: "node.quiet", style: { "label": "" } },
      { selector: "edge", style: { "width": 1, "line-color": "#b3b3b3", "curve-style": "haystack" } },
      { selector: "edge[reason = 'template']", style: { "line-style": "dashed", "line-color": "#c9b3d9" } },
      // Ties the scan's guards set aside (see "Ties set aside" under the picture).
      { selector: "edge[state = 'set-aside']", style: { "line-style": "dotted", "line-color": "#d9d9d9" } }
    ]
  });
  // A large network is fitted smaller than life, where its labels would only be a grey smear:
  // they are left out until the picture is zoomed in to full size.
  if (nodes > LABELLED_LAYOUT) {
    var quiet = null;
    var label = function () {
      var small = cy.zoom() < 1;
      if (small !== quiet) {
        quiet = small;
        cy.nodes().toggleClass("quiet", small);
        container.setAttribute("data-labels", small ? "hidden" : "shown");
      }
    };
    cy.on("zoom", label);
    label();
  }
  // What was drawn, for the page's tests: all lines, and those drawn as set aside.
  container.setAttribute("data-edges", String(cy.edges().length));
  container.setAttribute("data-set-aside", String(cy.edges("[state = 'set-aside']").length));
  container.setAttribute("data-ready", "true");
})();
