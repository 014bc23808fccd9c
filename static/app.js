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

  // Kanban: drag a deal card to another column. The server decides (rights, rules); the board is then
  // reloaded so totals stay right, or put back as it was when the move is refused.
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }
  function reloadBoard() {
    if (window.htmx) window.htmx.ajax('GET', window.location.href, { target: '#board', select: '#board', swap: 'outerHTML' });
    else window.location.reload();
  }
  document.addEventListener('dragstart', function (event) {
    var card = event.target.closest && event.target.closest('[data-deal]');
    if (!card) return;
    event.dataTransfer.setData('text/plain', card.getAttribute('data-deal'));
    event.dataTransfer.effectAllowed = 'move';
    card.classList.add('dragging');
  });
  document.addEventListener('dragend', function (event) {
    var card = event.target.closest && event.target.closest('[data-deal]');
    if (card) card.classList.remove('dragging');
  });
  document.addEventListener('dragover', function (event) {
    var column = event.target.closest && event.target.closest('.column[data-stage]');
    if (!column) return;
    event.preventDefault();
    column.classList.add('drop-target');
  });
  document.addEventListener('dragleave', function (event) {
    var column = event.target.closest && event.target.closest('.column[data-stage]');
    if (column && !column.contains(event.relatedTarget)) column.classList.remove('drop-target');
  });
  document.addEventListener('drop', function (event) {
    var column = event.target.closest && event.target.closest('.column[data-stage]');
    if (!column) return;
    event.preventDefault();
    column.classList.remove('drop-target');
    var id = event.dataTransfer.getData('text/plain');
    var card = document.querySelector('[data-deal="' + id + '"]');
    if (!id || !card || card.closest('.column') === column) return;
    column.querySelector('.column-cards').prepend(card);
    fetch('/deals/' + encodeURIComponent(id) + '/stage', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrf(), 'HX-Request': 'true' },
      body: 'stageId=' + encodeURIComponent(column.getAttribute('data-stage')),
      credentials: 'same-origin',
    }).then(reloadBoard, reloadBoard);
  });

  document.documentElement.classList.add('js');
})();
