/*
 * Cooperation portal: small progressive enhancements. Every page works without this file.
 *
 * - data-confirm="Question?" on a link, a button or a form: ask before going ahead.
 *   (For htmx requests use hx-confirm, which htmx handles itself.)
 * - data-once on a form: after the first submit, further submits are ignored and its submit
 *   buttons are disabled, so a double click sends one request. (For htmx forms use
 *   hx-disabled-elt="find button" instead.)
 * - An error summary (.error-summary) receives focus when the page loads, so keyboard and
 *   screen-reader users land on the list of problems.
 *
 * No inline handlers: the Content-Security-Policy allows scripts from 'self' only.
 */
(function () {
  "use strict";

  // Ask before following a link or pressing a button that carries data-confirm.
  // Capture phase, so that a refusal also stops the data-once handler below and htmx.
  document.addEventListener(
    "click",
    function (event) {
      var target = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
      if (!target || target.tagName === "FORM") {
        return;
      }
      if (!window.confirm(target.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // Ask before submitting a form that carries data-confirm (covers pressing Enter too).
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) {
        return;
      }
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // Submit a data-once form only once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) {
      return;
    }
    if (event.defaultPrevented) {
      return; // cancelled (by a confirm dialog or by htmx): nothing was sent
    }
    if (form.getAttribute("data-submitted") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitted", "true");
    // Disable after the browser has collected the form data, so the pressed button's
    // name and value are still sent.
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]')
        .forEach(function (button) {
          button.disabled = true;
          button.setAttribute("aria-disabled", "true");
        });
    }, 0);
  });

  // Coming back with the browser's Back button restores the page from cache: re-enable.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll('form[data-once][data-submitted="true"]').forEach(function (form) {
      form.removeAttribute("data-submitted");
      form.querySelectorAll("[aria-disabled='true']").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });

  // Move focus to the error summary of a form that came back with errors.
  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
