// Record forms: "+ add" and "remove" for phones, e-mails, sites and messengers without a round trip.
// Progressive enhancement only: without this file the form always carries one empty row per kind.
(function () {
  'use strict';

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
