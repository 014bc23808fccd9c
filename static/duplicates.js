// Duplicates as you type: in a create form with a duplicates panel ([data-duplicates], see
// views/duplicates/_slot.ejs) a change to a name, phone or e-mail input asks the server again; htmx
// waits for a pause in typing and replaces the panel. Without this file the check runs on submit.
(function () {
  'use strict';

  var watched = /^(title|lastName|firstName|middleName|companyTitle|comms\[(phone|email)\]\[\d+\]\[value\])$/;
  document.addEventListener('input', function (event) {
    var input = event.target;
    var form = input.form;
    if (!form || !window.htmx || !watched.test(input.name || '')) return;
    var slot = form.querySelector('[data-duplicates]');
    if (slot) window.htmx.trigger(slot, 'duplicates:check');
  });
})();
