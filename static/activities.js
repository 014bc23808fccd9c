// Calendar: drag an item to another day (month) or day and hour (week) to move its deadline.
// Progressive enhancement: without this file the item's page has a "Move" form. The server decides
// (rights, a done activity cannot move); a refused move puts the item back.
(function () {
  'use strict';

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }
  function slotOf(target) {
    return target.closest && target.closest('.calendar [data-slot-day]');
  }

  // Picking an item up (dragstart, dragend) is app.js's, shared with the boards.
  document.addEventListener('dragover', function (event) {
    if (slotOf(event.target) && document.querySelector('.calendar .dragging')) event.preventDefault();
  });
  document.addEventListener('drop', function (event) {
    var slot = slotOf(event.target);
    var item = document.querySelector('.calendar .dragging');
    if (!slot || !item) return;
    event.preventDefault();
    var time = item.getAttribute('data-time');
    var hour = slot.getAttribute('data-slot-hour');
    if (hour) time = hour + ':' + time.slice(3);
    var body = new URLSearchParams({ dueAt: slot.getAttribute('data-slot-day') + 'T' + time });
    var home = item.parentNode;
    var before = item.nextSibling;
    slot.insertBefore(item, slot.querySelector(':scope > .slot-new'));
    fetch('/activities/' + item.getAttribute('data-cal-item') + '/reschedule', {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrf(), 'HX-Request': 'true', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body,
      credentials: 'same-origin',
    }).then(function (res) {
      if (!res.ok) throw new Error(String(res.status));
      item.setAttribute('data-time', time);
      item.querySelector('.cal-time').textContent = time;
      item.classList.add('moved');
    }).catch(function () {
      home.insertBefore(item, before);
    });
  });
})();

// Add dialogs: "+ Call", "+ Task"… on a record page, or a list row's "+", load the add form into a dialog (htmx); a form
// with errors (422) is shown again in place; a saved one reloads the record page (HX-Redirect).
// Without JavaScript the same links open the form as a page.
(function () {
  'use strict';

  document.addEventListener('htmx:afterSwap', function (event) {
    var dialog = document.getElementById('activity-dialog');
    if (dialog && event.target.id === 'activity-dialog-body' && !dialog.open) dialog.showModal();
  });
  // A list row's "+" opens the add form in the dialog (its kind switched there); saving comes back to the list.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a.row-add');
    if (!link || !window.htmx || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    htmx.ajax('GET', link.getAttribute('href'), { target: '#activity-dialog-body', select: '.activity-form-page', swap: 'innerHTML' });
  });
  document.addEventListener('htmx:beforeSwap', function (event) {
    if (event.detail.xhr.status === 422 && event.detail.elt.closest && event.detail.elt.closest('.activity-form-page')) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
