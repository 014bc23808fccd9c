// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // htmx requests carry the CSRF token in a header (forms carry it as a hidden field).
  document.addEventListener('htmx:configRequest', function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
  });

  // Forms marked data-confirm ask before they are sent (deleting, deactivating).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  // Selects in forms marked data-autosubmit send the form on change (the language switch).
  document.addEventListener('change', function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute('data-autosubmit')) form.requestSubmit();
  });

  // Per-element colours and indents come as data attributes and are applied through the CSSOM: the
  // Content-Security-Policy forbids inline style attributes.
  function applyStyleData(root) {
    root.querySelectorAll('[data-color]').forEach(function (el) { el.style.setProperty('--chip', el.getAttribute('data-color')); });
    root.querySelectorAll('[data-depth]').forEach(function (el) { el.style.setProperty('--depth', el.getAttribute('data-depth')); });
  }
  document.addEventListener('DOMContentLoaded', function () { applyStyleData(document); });
  document.addEventListener('htmx:afterSwap', function (event) { applyStyleData(event.target); });

  document.documentElement.classList.add('js');
})();
