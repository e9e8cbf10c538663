/* The form editor (Wagtail page editor of a form): each question shows only the settings its type uses, and a
 * rule picks its earlier question, and its value, from lists kept up to date as questions are edited.
 * The table of settings comes from the server (forms_app/question_settings.py) on this script's data-config. */
(function () {
  "use strict";
  var script = document.currentScript;
  var config = JSON.parse((script && script.getAttribute("data-config")) || "{}");
  var PREFIX = "form_fields";

  function container() { return document.getElementById("id_" + PREFIX + "-FORMS"); }

  function input(child, name) { return child.querySelector('[name$="-' + name + '"][name^="' + PREFIX + '-"]'); }

  function children() {
    var forms = container();
    if (!forms) { return []; }
    return Array.prototype.filter.call(forms.children, function (child) {
      var del = input(child, "DELETE");
      return child.hasAttribute("data-inline-panel-child") && !(del && del.value === "1");
    });
  }

  function wrapperOf(field) { return field.closest(".w-panel__wrapper"); }

  // Hidden because the question does not use it (marked, so that a collapsed panel is never mistaken for it).
  function setUnused(element, unused) {
    if (!element) { return; }
    element.hidden = unused;
    if (unused) { element.setAttribute("data-unused", ""); } else { element.removeAttribute("data-unused"); }
  }

  // -- settings by type --------------------------------------------------------------------------------------

  function showSettings(child) {
    var type = (input(child, "field_type") || {}).value || "";
    Object.keys(config.usedBy || {}).forEach(function (name) {
      var field = input(child, name);
      if (field) { setUnused(wrapperOf(field), config.usedBy[name].indexOf(type) === -1); }
    });
    // A row or group whose settings are all unused goes too (deepest first, so a group sees its rows).
    var groups = Array.prototype.filter.call(child.querySelectorAll(".w-panel__wrapper"), function (group) {
      return group.querySelector(".w-panel__wrapper") !== null;
    }).reverse();
    groups.forEach(function (group) { setUnused(group, false); });
    groups.forEach(function (group) {
      var leaves = group.querySelectorAll("[data-field-wrapper]");
      setUnused(group, leaves.length > 0 && Array.prototype.every.call(leaves, function (leaf) {
        var marked = leaf.closest("[data-unused]");
        return marked !== null && group.contains(marked);
      }));
    });
  }

  // -- rules: the earlier question and its value -------------------------------------------------------------

  function splitChoices(text) {
    var lines = (text || "").trim().split(/\r?\n/);
    if (lines.length > 1) {
      return lines.map(function (l) { return l.trim().replace(/,+$/, "").trim(); }).filter(Boolean);
    }
    return (text || "").split(",").map(function (c) { return c.trim(); }).filter(Boolean);
  }

  function questionOf(child) {
    var type = input(child, "field_type");
    var label = (input(child, "label") || {}).value || "";
    var id = (type && type.getAttribute("data-field-id")) || "";
    var kind = type ? type.value : "";
    var answers = null;
    if ((config.choiceTypes || []).indexOf(kind) !== -1) {
      answers = splitChoices((input(child, "choices") || {}).value).map(function (c) { return [c, c]; });
    } else if (config.fixedAnswers && config.fixedAnswers[kind]) {
      answers = config.fixedAnswers[kind];
    }
    return { source: child.id, value: id || label.trim(), label: label.trim() || id, kind: kind, answers: answers };
  }

  function option(value, text, source) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    if (source) { o.setAttribute("data-source", source); }
    return o;
  }

  function fillQuestionSelect(select, earlier) {
    var chosen = select.selectedOptions[0];
    var source = chosen && chosen.getAttribute("data-source");
    var value = select.value;
    select.textContent = "";
    select.appendChild(option("", (config.strings || {}).always || "—"));
    var found = false;
    earlier.forEach(function (q) {
      var o = option(q.value, q.label, q.source);
      if ((source && q.source === source) || (!source && value && q.value === value)) { o.selected = true; found = true; }
      select.appendChild(o);
    });
    if (value && !found && !source) {  // a stored rule naming no earlier question: keep it, and say so
      var stale = option(value, value + " " + ((config.strings || {}).notEarlier || ""));
      stale.selected = true;
      select.appendChild(stale);
    }
  }

  function valuePicker(text) {
    var picker = text.parentElement.querySelector("select[data-rule-value]");
    if (!picker) {
      picker = document.createElement("select");
      picker.setAttribute("data-rule-value", "");
      var label = document.getElementById(text.id + "-label");
      if (label) { picker.setAttribute("aria-labelledby", label.id); }
      picker.addEventListener("change", function () { text.value = picker.value; });
      text.insertAdjacentElement("afterend", picker);
    }
    return picker;
  }

  function fillValue(child, controller) {
    var text = input(child, "show_when_value");
    var operator = input(child, "show_when_operator");
    if (!text) { return; }
    var answered = operator && operator.value === "answered";
    if (operator) { setUnused(wrapperOf(operator), !controller); }
    setUnused(wrapperOf(text), !controller || answered);
    var picker = valuePicker(text);
    if (!controller || !controller.answers) {
      picker.hidden = true;
      text.hidden = false;
      return;
    }
    picker.textContent = "";
    picker.appendChild(option("", (config.strings || {}).choose || "—"));
    var matched = false;
    controller.answers.forEach(function (a) {
      var o = option(a[0], a[1]);
      if (a[0] === text.value) { o.selected = true; matched = true; }
      picker.appendChild(o);
    });
    if (text.value && !matched) { var keep = option(text.value, text.value); keep.selected = true; picker.appendChild(keep); }
    picker.hidden = false;
    text.hidden = true;
  }

  function refreshRules() {
    var earlier = [];
    children().forEach(function (child) {
      var select = input(child, "show_when_field");
      if (select && select.tagName === "SELECT") {
        fillQuestionSelect(select, earlier);
        var chosen = select.selectedOptions[0];
        var source = chosen && chosen.getAttribute("data-source");
        var controller = earlier.filter(function (q) { return q.source === source; })[0] || null;
        fillValue(child, select.value ? (controller || { answers: null }) : null);
      }
      var q = questionOf(child);
      if ((config.displayOnly || []).indexOf(q.kind) === -1 && q.value) { earlier.push(q); }
    });
  }

  function refresh() {
    children().forEach(showSettings);
    refreshRules();
  }

  function start() {
    var forms = container();
    if (!forms) { return; }
    var pending = null;
    function soon() { if (pending === null) { pending = setTimeout(function () { pending = null; refresh(); }, 0); } }
    forms.addEventListener("change", soon);
    forms.addEventListener("input", function (event) {
      var name = event.target.name || "";
      if (/-(label|choices)$/.test(name)) { soon(); }
    });
    document.addEventListener("w-formset:added", soon);
    document.addEventListener("w-formset:removed", soon);
    new MutationObserver(soon).observe(forms, { childList: true });  // moved up or down
    refresh();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
