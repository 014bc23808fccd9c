// The notification centre in the browser: the bell's unread count and a small pop-up for each new
// notification, live over server-sent events. After a dropped connection the browser reconnects by
// itself and sends the last event id it saw, so the server replays exactly what was missed.
(function () {
  'use strict';

  var TOAST_MS = 12000;
  var MAX_TOASTS = 4;

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
    // A tab that comes back after a while may get many at once: the newest few stay in view.
    while (box.children.length > MAX_TOASTS) box.firstElementChild.remove();
    setTimeout(function () { item.remove(); }, TOAST_MS);
  }

  // Only a visible tab holds a stream: browsers allow about six connections to one server over
  // HTTP/1.1, and a user with many CRM tabs open must not use them all up. A tab coming back into view
  // reopens its stream from the last notification it saw; the server replays what it missed.
  function start() {
    var bell = document.getElementById('bell');
    var box = document.getElementById('toasts');
    if (!bell || !box || !window.EventSource) return;
    var lastId = bell.getAttribute('data-after') || '0';
    var source = null;

    function open() {
      if (source) return;
      source = new EventSource('/notifications/stream?after=' + encodeURIComponent(lastId));
      source.addEventListener('notification', function (event) {
        lastId = event.lastEventId || lastId;
        toast(box, JSON.parse(event.data));
      });
      source.addEventListener('unread', function (event) { setCount(bell, Number(event.data)); });
    }
    function close() {
      if (source) source.close();
      source = null;
    }

    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') open();
      else close();
    });
    window.addEventListener('pagehide', close);
    window.addEventListener('pageshow', function (event) {
      if (event.persisted && document.visibilityState === 'visible') open();
    });
    if (document.visibilityState === 'visible') open();
  }

  // In the list, following an item's link marks it read on the way (the form posts, then redirects there).
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('.notification-open a');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    link.closest('form').requestSubmit();
  });

  // The bell opens a drop-down of the latest notifications (the page of all of them stays one click away);
  // without htmx, or with a modifier key, it is a plain link to that page.
  document.addEventListener('click', function (event) {
    var panel = document.getElementById('bell-panel');
    if (!panel) return;
    var bell = event.target.closest && event.target.closest('#bell');
    if (bell && window.htmx && event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      if (!panel.hidden) { panel.hidden = true; return; }
      window.htmx.ajax('GET', '/notifications', { target: '#bell-panel', swap: 'innerHTML' }).then(function () { panel.hidden = false; });
      return;
    }
    if (!panel.hidden && !panel.contains(event.target)) panel.hidden = true;
  });
  document.addEventListener('keydown', function (event) {
    var panel = document.getElementById('bell-panel');
    if (event.key === 'Escape' && panel && !panel.hidden) panel.hidden = true;
  });

  document.addEventListener('DOMContentLoaded', start);
})();
