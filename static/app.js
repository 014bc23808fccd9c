// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // htmx requests carry the CSRF token in a header (forms carry it as a hidden field).
  document.addEventListener('htmx:configRequest', function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
  });

  // Forms marked data-confirm ask before they are sent (deleting, deactivating); with
  // data-confirm-when="<action>" only when their action select has that value (bulk delete).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    var when = form.getAttribute && form.getAttribute('data-confirm-when');
    if (when && (!form.elements.action || form.elements.action.value !== when)) return;
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

  // Kanban boards (deals by stage, leads by status): drag a card to another column. The board says
  // where a move goes (data-move="/deals/:id/stage", data-field="stageId"). The server decides
  // (rights, rules); the board is then reloaded so totals stay right, or put back when refused.
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }
  function reloadBoard() {
    if (window.htmx) window.htmx.ajax('GET', window.location.href, { target: '#board', select: '#board', swap: 'outerHTML' });
    else window.location.reload();
  }
  function columnOf(target) {
    return target.closest && target.closest('.board [data-column]');
  }
  // Whatever can be dragged (a board's card, a calendar item) carries its id and shows it is moving;
  // where it may be dropped is up to the board here and to the calendar (activities.js).
  function draggedOf(target) {
    return target.closest && target.closest('[data-card], [data-cal-item]');
  }
  document.addEventListener('dragstart', function (event) {
    var item = draggedOf(event.target);
    if (!item) return;
    event.dataTransfer.setData('text/plain', item.getAttribute('data-card') || item.getAttribute('data-cal-item'));
    event.dataTransfer.effectAllowed = 'move';
    item.classList.add('dragging');
  });
  document.addEventListener('dragend', function (event) {
    var item = draggedOf(event.target);
    if (item) item.classList.remove('dragging');
  });
  document.addEventListener('dragover', function (event) {
    var column = columnOf(event.target);
    if (!column) return;
    event.preventDefault();
    column.classList.add('drop-target');
  });
  document.addEventListener('dragleave', function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove('drop-target');
  });
  document.addEventListener('drop', function (event) {
    var column = columnOf(event.target);
    if (!column) return;
    event.preventDefault();
    column.classList.remove('drop-target');
    var board = column.closest('.board');
    var id = event.dataTransfer.getData('text/plain');
    var card = board.querySelector('[data-card="' + id + '"]');
    if (!id || !card || card.closest('[data-column]') === column) return;
    column.querySelector('.column-cards').prepend(card);
    fetch(board.getAttribute('data-move').replace(':id', encodeURIComponent(id)), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrf(), 'HX-Request': 'true' },
      body: board.getAttribute('data-field') + '=' + encodeURIComponent(column.getAttribute('data-column')),
      credentials: 'same-origin',
    }).then(reloadBoard, reloadBoard);
  });

  document.documentElement.classList.add('js');
})();
