// Record pages: fields edited in place and searchable pickers. Progressive enhancement only: without
// this file each field's pencil opens a small page of its own and a picker is a plain text box.
(function () {
  'use strict';

  // What a field showed before its editor opened, so Cancel and Escape put it back without a request.
  var shown = new WeakMap();

  document.addEventListener('htmx:beforeRequest', function (event) {
    var elt = event.detail.elt;
    if (!elt.classList || !elt.classList.contains('inline-edit')) return;
    var field = elt.closest('.inline-field');
    if (field) shown.set(field, field.innerHTML);
  });

  // A refused save answers 422 with the form again and the problems in place: show it.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (event.detail.xhr.status === 422 && elt && elt.closest && elt.closest('[data-show-refusal]')) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function restore(field) {
    if (!shown.has(field)) return false;
    field.innerHTML = shown.get(field);
    shown.delete(field);
    if (window.htmx) window.htmx.process(field);
    var pencil = field.querySelector('.inline-edit');
    if (pencil) pencil.focus();
    return true;
  }

  document.addEventListener('click', function (event) {
    var cancel = event.target.closest && event.target.closest('[data-inline-cancel]');
    if (cancel) {
      if (restore(cancel.closest('.inline-field'))) event.preventDefault();
      return;
    }
    // A click anywhere on a shown field (not on its links) opens its editor, as the pencil does.
    var field = event.target.closest && event.target.closest('.inline-field');
    if (!field || event.target.closest('a, button, input, select, textarea, label, form')) return;
    var pencil = field.querySelector(':scope > .inline-edit');
    if (pencil) pencil.click();
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    var editor = event.target.closest && event.target.closest('.inline-editor');
    if (editor && restore(editor.closest('.inline-field'))) event.preventDefault();
  });

  // Pickers: a choice from the matches joins the chosen ones (replaces it, for a single choice) and
  // clears the text box, so the server does not try to resolve the typed text as well.
  document.addEventListener('change', function (event) {
    var input = event.target;
    var results = input.closest && input.closest('.picker-results');
    if (!results) return;
    var picker = results.closest('[data-picker]');
    var chosen = picker.querySelector('.picker-chosen');
    var label = input.closest('label');
    if (input.type === 'radio') {
      chosen.querySelectorAll('input[type=radio]').forEach(function (other) {
        if (other.value !== '') other.closest('label').remove();
      });
      chosen.prepend(label);
    } else if (input.checked) {
      chosen.append(label);
    }
    label.classList.remove('picker-option');
    picker.querySelector('input[type=search]').value = '';
    results.innerHTML = '';
  });
})();
