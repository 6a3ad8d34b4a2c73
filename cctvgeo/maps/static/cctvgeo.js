// cctvgeo's browser helpers (written for cctvgeo, MIT licence). Plain ES5 so it runs in the
// browsers government offices use. Every value from the data is set with textContent.
var cctvgeo = (function () {
  "use strict";
  function el(tag, value, cls) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (value !== undefined && value !== null) { node.textContent = String(value); }
    return node;
  }
  function popup(spec, props) {
    var box = el("div", null, "cg-popup");
    if (spec.title && props[spec.title] !== undefined) { box.appendChild(el("h4", props[spec.title])); }
    var table = el("table");
    spec.fields.forEach(function (f) {
      var v = props[f[0]];
      if (v === undefined || v === null || v === "") { return; }
      var tr = el("tr");
      tr.appendChild(el("th", f[1]));
      tr.appendChild(el("td", v));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }
  function styleKey(spec, f) {  // the property a layer's styles and markers are keyed on
    return f.properties[spec.key || "_k"];
  }
  function marker(spec, f, latlng) {
    var m = spec.markers[styleKey(spec, f)] || spec.markers._;
    if (m.icon === undefined) { return L.circleMarker(latlng, m); }
    var label = m.label ? f.properties[m.label] : m.icon;
    var node = el("div", label, "cg-icon " + (m.className || ""));
    if (m.color) { node.style.background = m.color; }
    if (m.textColor) { node.style.color = m.textColor; }
    node.style.width = m.size[0] + "px";
    node.style.height = m.size[1] + "px";
    var opts = {icon: L.divIcon({className: "", html: node, iconSize: m.size}),
                keyboard: false, riseOnHover: true, zIndexOffset: spec.zIndexOffset || 0};
    if (spec.tooltip && f.properties[spec.tooltip] !== undefined) {
      opts.title = String(f.properties[spec.tooltip]);
    }
    return L.marker(latlng, opts);
  }
  function layer(data, spec) {
    return L.geoJSON(data, {
      style: function (f) { return spec.styles[styleKey(spec, f)] || spec.styles._ || {}; },
      pointToLayer: function (f, latlng) { return marker(spec, f, latlng); },
      onEachFeature: function (f, lyr) {
        if (spec.fields) {
          lyr.bindPopup(function () { return popup(spec, f.properties); },
                        {maxWidth: 420, maxHeight: 460});
        }
        if (spec.tooltip && f.properties[spec.tooltip] !== undefined) {
          lyr.bindTooltip(el("span", f.properties[spec.tooltip]), {sticky: true});
        }
      }
    });
  }
  function swatch(item) {
    var s = el("span", item.symbol || "", "cg-swatch");
    if (item.shape === "line") {
      s.style.borderTop = (item.weight || 3) + "px " + (item.dash ? "dashed " : "solid ") + item.color;
      s.style.height = "0";
    } else if (item.shape === "area") {
      s.style.background = item.fill || "transparent";
      s.style.border = "2px solid " + item.color;
      s.style.height = "10px";
    } else if (item.shape === "dot") {
      s.style.background = item.color;
      s.style.borderRadius = "50%";
      s.style.height = "10px";
      s.style.width = "10px";
      s.style.margin = "0 4px";
    } else if (item.shape === "badge") {
      s.style.background = item.color;
      s.style.color = "#fff";
      s.style.borderRadius = "50%";
      s.style.font = "bold 10px/16px sans-serif";
      s.style.height = "16px";
      s.style.width = "16px";
    } else {
      s.style.color = item.color;
      s.style.fontSize = "15px";
    }
    return s;
  }
  function legend(map, spec) {
    var control = L.control({position: spec.position || "bottomleft"});
    control.onAdd = function () {
      var box = el("div", null, "cg-legend leaflet-control");
      box.appendChild(el("h4", spec.title));
      spec.groups.forEach(function (g) {
        box.appendChild(el("div", g.title)).style.fontWeight = "600";
        g.items.forEach(function (item) {
          var row = el("div", null, "cg-row");
          row.appendChild(swatch(item));
          row.appendChild(el("span", item.label));
          box.appendChild(row);
        });
      });
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
    return control;
  }
  function title(map, spec) {
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
      var box = el("div", null, "cg-title leaflet-control");
      box.appendChild(el("h4", spec.title));
      if (spec.subtitle) { box.appendChild(el("div", spec.subtitle)); }
      return box;
    };
    control.addTo(map);
    return control;
  }
  function scale(map) {
    return L.control.scale({imperial: false}).addTo(map);
  }
  function fit(map, bounds) {
    map.fitBounds(bounds, {animate: false});
    return bounds;
  }
  function round6(x) { return Math.round(x * 1e6) / 1e6; }
  function drawRoutes(map, roads, spec) {
    var t = spec.text;
    var vertices = [];
    roads.eachLayer(function (lyr) {
      var ll = lyr.getLatLngs();
      (Array.isArray(ll[0]) ? ll : [ll]).forEach(function (line) {
        line.forEach(function (p) { vertices.push(p); });
      });
    });
    var routes = [];
    var current = null;
    var drawn = L.featureGroup().addTo(map);
    var box = el("div", null, "cg-draw leaflet-control");
    var nameInput = el("input");
    nameInput.type = "text";
    nameInput.placeholder = t.name;
    nameInput.className = "cg-route-name";
    var status = el("div", "", "cg-status");
    function button(label, cls, action) {
      var b = el("button", label, cls);
      b.type = "button";
      L.DomEvent.on(b, "click", function (e) { L.DomEvent.stop(e); action(); });
      box.appendChild(b);
      return b;
    }
    function update() {
      var text = routes.length + " " + t.routes;
      if (current) { text += " | " + t.drawing + " (" + current.getLatLngs().length + ")"; }
      status.textContent = text;
      map.getContainer().style.cursor = current ? "crosshair" : "";
    }
    function snap(latlng) {
      if (!spec.snapPixels) { return latlng; }
      var p = map.latLngToContainerPoint(latlng);
      var best = null;
      var bestD = spec.snapPixels;
      vertices.forEach(function (v) {
        var d = map.latLngToContainerPoint(v).distanceTo(p);
        if (d <= bestD) { best = v; bestD = d; }
      });
      return best ? L.latLng(best.lat, best.lng) : latlng;
    }
    box.appendChild(el("h4", t.title));
    box.appendChild(nameInput);
    button(t.start, "cg-start", function () {
      if (current) { return; }
      current = L.polyline([], {color: spec.drawColor, weight: 4, dashArray: "6 4"}).addTo(drawn);
      update();
    });
    button(t.undo, "cg-undo", function () {
      if (current) {
        var ll = current.getLatLngs();
        ll.pop();
        current.setLatLngs(ll);
      } else if (routes.length) {
        drawn.removeLayer(routes.pop().line);
      }
      update();
    });
    button(t.finish, "cg-finish", function () {
      if (!current) { return; }
      if (current.getLatLngs().length < 2) { status.textContent = t.tooShort; return; }
      var n = routes.length + 1;
      var name = nameInput.value.trim() || (t.route + " " + n);
      current.setStyle({color: spec.routeColor, dashArray: null});
      current.bindTooltip(el("span", name));
      routes.push({id: spec.idPrefix + String(n).padStart(2, "0"), name: name, line: current});
      current = null;
      nameInput.value = "";
      update();
    });
    button(t.exportLabel, "cg-export", function () {
      var fc = {type: "FeatureCollection", features: routes.map(function (r) {
        return {type: "Feature",
                properties: {route_id: r.id, name: r.name},
                geometry: {type: "LineString", coordinates: r.line.getLatLngs().map(function (p) {
                  return [round6(p.lng), round6(p.lat)];
                })}};
      })};
      var blob = new Blob([JSON.stringify(fc, null, 1)], {type: "application/geo+json"});
      var a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = spec.fileName;
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    });
    box.appendChild(status);
    L.DomEvent.disableClickPropagation(box);
    var control = L.control({position: "topright"});
    control.onAdd = function () { return box; };
    control.addTo(map);
    map.on("click", function (e) {
      if (!current) { return; }
      current.addLatLng(snap(e.latlng));
      update();
    });
    update();
    return {routes: routes};
  }
  return {layer: layer, legend: legend, title: title, scale: scale, fit: fit, drawRoutes: drawRoutes};
})();
