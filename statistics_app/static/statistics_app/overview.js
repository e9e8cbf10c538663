/* The overview's charts: each [data-chart] element names a json_script block (made by the server from the
   table beside the chart) and is drawn here with Apache ECharts (served from our static files). The page has
   no inline script (CSP); without JavaScript the tables carry every figure. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var COLOURS = ["#2e5aac", "#b3541e", "#2f7d32", "#6b3fa0", "#8a6d00"];
  var locale = (document.documentElement.lang || "zh").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";

  function axes(spec) {
    var many = spec.categories.length > 6;
    var category = {type: "category", data: spec.categories, axisLabel: {interval: 0, rotate: many ? 30 : 0}};
    var value = {type: "value", minInterval: 1, axisLabel: {formatter: spec.percent ? "{value}%" : "{value}"}};
    if (spec.percent) { value.max = 100; }
    if (spec.kind === "hbar") {
      category.inverse = true;
      category.axisLabel.rotate = 0;
      return {xAxis: value, yAxis: category};
    }
    return {xAxis: category, yAxis: value};
  }

  function option(spec, element) {
    var out = axes(spec);
    out.color = COLOURS;
    out.tooltip = {trigger: "axis", valueFormatter: function (v) {
      return v === null || v === undefined ? "—" : spec.percent ? v + "%" : String(v);
    }};
    out.legend = {top: 0, left: 0};
    out.grid = {left: 8, right: 40, top: 36, bottom: 8, containLabel: true};
    out.toolbox = {right: 0, feature: {saveAsImage: {
      title: element.dataset.saveLabel, name: element.dataset.title, pixelRatio: 2, backgroundColor: "#fff"
    }}};
    out.series = spec.series.map(function (s) {
      return {name: s.name, type: spec.kind === "line" ? "line" : "bar", data: s.data,
              label: {show: spec.kind === "hbar", position: "right"}, barMaxWidth: 48};
    });
    return out;
  }

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source) { return; }
    var chart = window.echarts.init(element, null, {locale: locale});
    chart.setOption(option(JSON.parse(source.textContent), element));
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
