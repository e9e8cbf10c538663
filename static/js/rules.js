/* Show-when rules in the browser; the server applies the same rules (forms_app/rules.py). */
(function () {
  "use strict";
  var TRUE_WORDS = ["on", "true", "1", "yes", "是", "同意"];
  // After a failed submit, take the resident (and a screen reader) straight to the list of problems.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var form = document.querySelector("[data-rules-form]");
  if (!form) { return; }

  function wrapperOf(id) { return form.querySelector('[data-field="' + id + '"]'); }

  function isHidden(el) {
    for (var node = el; node && node !== form; node = node.parentElement) {
      if (node.hidden) { return true; }
    }
    return false;
  }

  function valuesOf(id) {
    var values = [];
    form.querySelectorAll('[name="' + id + '"]').forEach(function (input) {
      if (input.disabled) { return; }
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { values.push(input.type === "checkbox" && input.value === "on" ? "true" : input.value); }
      } else if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.selectedOptions, function (o) { if (o.value) { values.push(o.value); } });
      } else if (input.value !== "") {
        values.push(input.value);
      }
    });
    return values;
  }

  function ruleMet(op, target, values) {
    target = (target || "").trim();
    if (op === "answered") { return values.some(function (v) { return v.trim() !== ""; }); }
    if (op === "contains") { return values.some(function (v) { return v === target || (target && v.indexOf(target) !== -1); }); }
    var equal = values.length === 1 && (values[0] === target ||
      (TRUE_WORDS.indexOf(target.toLowerCase()) !== -1 && TRUE_WORDS.indexOf(values[0].toLowerCase()) !== -1));
    return op === "not_equals" ? !equal : equal;
  }

  function setShown(el, shown) {
    el.hidden = !shown;
    el.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !shown; });
  }

  function apply() {
    form.querySelectorAll("[data-show-when]").forEach(function (el) {
      var controller = wrapperOf(el.getAttribute("data-show-when"));
      var shown = !!controller && !isHidden(controller) &&
        ruleMet(el.getAttribute("data-op"), el.getAttribute("data-value"), valuesOf(el.getAttribute("data-show-when")));
      setShown(el, shown);
    });
  }

  form.querySelectorAll("[hidden]").forEach(function (el) { setShown(el, false); });
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  apply();
})();
