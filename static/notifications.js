// The notification centre in the browser: the bell's unread count and a small pop-up for each new
// notification, live over server-sent events. The browser reconnects by itself and sends the last
// event id it saw, so the server replays exactly what was missed.
(function () {
  'use strict';

  var TOAST_MS = 12000;

  function setCount(bell, n) {
    var count = bell.querySelector('.bell-count');
    count.textContent = String(n);
    count.setAttribute('data-unread', String(n));
  }

  function toast(box, n) {
    var item = document.createElement('div');
    item.className = 'toast';
    var link = document.createElement('a');
    link.href = n.link;
    link.textContent = n.text;
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'toast-close';
    close.setAttribute('aria-label', box.getAttribute('data-close') || '×');
    close.textContent = '×';
    close.addEventListener('click', function () { item.remove(); });
    item.appendChild(link);
    item.appendChild(close);
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, TOAST_MS);
  }

  function start() {
    var bell = document.getElementById('bell');
    var box = document.getElementById('toasts');
    if (!bell || !box || !window.EventSource) return;
    // ?after= covers what arrived between drawing this page and opening the stream; on a reconnect
    // the browser's Last-Event-ID takes over.
    var source = new EventSource('/notifications/stream?after=' + encodeURIComponent(bell.getAttribute('data-after') || '0'));
    source.addEventListener('notification', function (event) { toast(box, JSON.parse(event.data)); });
    source.addEventListener('unread', function (event) { setCount(bell, Number(event.data)); });
    window.addEventListener('pagehide', function () { source.close(); });
  }

  // In the list, following an item's link marks it read on the way (the form posts, then redirects there).
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('.notification-open a');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    link.closest('form').requestSubmit();
  });

  document.addEventListener('DOMContentLoaded', start);
})();
