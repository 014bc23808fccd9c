// The printable page's "Print" button (an inline handler would break the Content-Security-Policy).
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('.js-print')) window.print();
  });
})();
