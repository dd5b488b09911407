// Phinong's progressive enhancements, on every page (loaded with `defer` by base.html). Without
// JavaScript every page works as before.
//
// 1. No lost edits: leaving a page while a POST form holds unsaved changes asks first (the
//    browser's own "leave the page?" dialog). A form has unsaved changes when a field differs from
//    what the page was loaded with, or when the server marks it `data-unsaved` (a form shown again
//    with its errors, or filled in for the user but not saved yet). Submitting a form clears its
//    own changes. Opt out with `data-no-unsaved-warning` on the form.
// 2. A textarea with a maxlength shows how many characters are used, beside its limit.
// 3. A <select data-autosubmit> submits its (GET) form when changed.
// 4. A <button data-check-all="SELECTOR"> ticks every checkbox the selector finds. (No inline
//    handlers anywhere: the Content-Security-Policy allows scripts only from our static files.)
(function () {
  "use strict";

  // 1. Unsaved changes ---------------------------------------------------------------------------
  const submitted = new WeakSet();

  function watched(form) {
    return form.method === "post" && !form.hasAttribute("data-no-unsaved-warning");
  }

  function fieldChanged(field) {
    if (field.disabled || !field.name) return false;
    const type = (field.type || "").toLowerCase();
    if (type === "hidden" || type === "submit" || type === "button" || type === "reset") {
      return false;
    }
    if (type === "checkbox" || type === "radio") return field.checked !== field.defaultChecked;
    if (type === "file") return field.files && field.files.length > 0;
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    if ("defaultValue" in field) return field.value !== field.defaultValue;
    return false;
  }

  function hasUnsavedChanges(form) {
    if (!watched(form) || submitted.has(form)) return false;
    if (form.hasAttribute("data-unsaved")) return true;
    return Array.prototype.some.call(form.elements, fieldChanged);
  }

  document.addEventListener(
    "submit",
    function (event) {
      if (event.target instanceof HTMLFormElement) submitted.add(event.target);
    },
    true,
  );

  window.addEventListener("beforeunload", function (event) {
    const unsaved = Array.prototype.some.call(document.forms, hasUnsavedChanges);
    if (!unsaved) return undefined;
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to show the dialog
    return "";
  });

  // A page restored from the back/forward cache starts again from what it shows.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.forms, function (form) {
      submitted.delete(form);
    });
  });

  // 2. Character counters --------------------------------------------------------------------------
  const thai = (document.documentElement.lang || "th").indexOf("th") === 0;
  const digits = new Intl.NumberFormat(thai ? "th-TH-u-nu-thai" : "en-US");

  Array.prototype.forEach.call(document.querySelectorAll("textarea[maxlength]"), function (area) {
    const limit = parseInt(area.getAttribute("maxlength"), 10);
    if (!(limit > 0)) return;
    const counter = document.createElement("span");
    counter.className = "counter";
    const update = function () {
      counter.textContent = " (" + digits.format(area.value.length) + " / " + digits.format(limit) + ")";
      counter.classList.toggle("full", area.value.length >= limit);
    };
    update();
    area.addEventListener("input", update);
    // Beside the "at most N characters" note of the shared field template, else after the field.
    const note = area.id && document.querySelector('[data-limit-for="' + area.id + '"]');
    if (note) {
      note.appendChild(counter);
    } else {
      counter.className = "helptext counter";
      area.insertAdjacentElement("afterend", counter);
    }
  });

  // 3. Selects that submit their form -------------------------------------------------------------
  document.addEventListener("change", function (event) {
    const select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit")) {
      if (select.form) select.form.submit();
    }
  });

  // 4. Buttons that tick every checkbox ----------------------------------------------------------
  document.addEventListener("click", function (event) {
    const button = event.target instanceof Element && event.target.closest("[data-check-all]");
    if (!button) return;
    document.querySelectorAll(button.getAttribute("data-check-all")).forEach(function (box) {
      box.checked = true;
    });
  });
})();
