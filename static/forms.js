// Forms: "+ add" and "remove" for phones, e-mails, sites and messengers without a round trip, and a
// field's error message taken away once the field is corrected. Progressive enhancement only: without
// this file the form carries one empty row per kind, and errors stay until the form is sent again.
(function () {
  'use strict';

  // The server's message stays while the value is still plainly wrong (a required field left empty,
  // a value the browser itself finds invalid); the server checks everything again on saving.
  document.addEventListener('input', function (event) {
    var input = event.target;
    var field = input.closest && input.closest('.has-error');
    if (!field || !input.willValidate) return;
    if ((input.required && !input.value.trim()) || !input.checkValidity()) return;
    field.classList.remove('has-error');
    field.querySelectorAll('.error').forEach(function (message) { message.remove(); });
    field.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
  });

  // An attachment chip's × takes the chip (and the document it names) out of the form.
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-remove-chip]');
    if (!button) return;
    var chip = button.closest('[data-chip]');
    if (chip) chip.remove();
  });

  // Rows are named comms[<kind>][<n>][type|value]; the server reads them in order whatever the numbers.
  function renumber(row, n) {
    row.querySelectorAll('[name]').forEach(function (el) {
      el.name = el.name.replace(/^(comms\[\w+\])\[\d+\]/, '$1[' + n + ']');
    });
  }

  function nextNumber(set) {
    var max = -1;
    set.querySelectorAll('[data-comm-row] [name]').forEach(function (el) {
      var m = /^comms\[\w+\]\[(\d+)\]/.exec(el.name);
      if (m) max = Math.max(max, Number(m[1]));
    });
    return max + 1;
  }

  // A list's bulk actions appear once a row is selected, floating over the list so nothing moves under the pointer.
  function syncBulk() {
    var form = document.getElementById('bulk-form');
    if (!form) return;
    var n = document.querySelectorAll('input[name="ids"][form="bulk-form"]:checked').length;
    form.classList.toggle('has-selection', n > 0);
    var count = form.querySelector('[data-bulk-count]');
    if (count) count.textContent = '(' + n + ')';
  }
  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches('input[name="ids"][form="bulk-form"]')) syncBulk();
  });
  document.addEventListener('htmx:afterSwap', syncBulk);
  document.addEventListener('DOMContentLoaded', syncBulk);

  document.addEventListener('click', function (event) {
    var add = event.target.closest && event.target.closest('[data-comm-add]');
    if (add) {
      var set = add.closest('[data-comms]');
      var rows = set.querySelectorAll('[data-comm-row]');
      var last = rows[rows.length - 1];
      var row = last.cloneNode(true);
      renumber(row, nextNumber(set));
      row.querySelector('input').value = '';
      row.querySelector('select').selectedIndex = 0;
      last.after(row);
      row.querySelector('input').focus();
      return;
    }
    var remove = event.target.closest && event.target.closest('[data-comm-remove]');
    if (remove) {
      var own = remove.closest('[data-comm-row]');
      var kind = own.closest('[data-comms]');
      // The last row stays, emptied, so the kind can still be filled in.
      if (kind.querySelectorAll('[data-comm-row]').length > 1) {
        var focus = own.previousElementSibling || own.nextElementSibling;
        own.remove();
        var input = focus && focus.querySelector && focus.querySelector('input');
        if (input) input.focus();
      } else {
        own.querySelector('input').value = '';
        own.querySelector('input').focus();
      }
    }
  });
})();
