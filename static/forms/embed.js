/*
 * Prosto CRM web form embed: <script src="https://crm.example.com/forms/KEY/embed.js" async></script>
 * Renders the form right after its own script tag inside a shadow root (the site's styles and the
 * form's do not meet, no iframe), submits it to the CRM across origins without cookies, and shows the
 * result in place (or goes to the form's redirect address). It sends the page's address (with its UTM
 * parameters) and referrer along.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = script.src.replace(/\/embed\.js(\?.*)?$/, '');
  var host = document.createElement('div');
  host.className = 'prosto-form';
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

  function show(form, answer) {
    form.querySelectorAll('[data-pf-error-for]').forEach(function (el) {
      el.textContent = (answer.errors && answer.errors[el.getAttribute('data-pf-error-for')]) || '';
    });
    form.querySelector('[data-pf-message]').textContent = answer.message || '';
    if (answer.stamp) form.querySelector('[data-pf-stamp]').value = answer.stamp;
  }

  function done(form, answer) {
    if (answer.redirect) {
      window.location.href = answer.redirect;
      return;
    }
    var box = document.createElement('div');
    box.className = 'pf-form pf-done';
    box.setAttribute('role', 'status');
    var title = form.querySelector('.pf-title');
    if (title) box.appendChild(title.cloneNode(true));
    var text = document.createElement('p');
    text.textContent = answer.message;
    box.appendChild(text);
    form.replaceWith(box);
  }

  function send(form, config) {
    var button = form.querySelector('.pf-button');
    var label = button.textContent;
    button.disabled = true;
    button.textContent = config.sending;
    fetch(config.submit, { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'omit' })
      .then(function (res) {
        return res.json();
      })
      .then(function (answer) {
        if (answer.ok) return done(form, answer);
        show(form, answer);
      })
      .catch(function () {
        show(form, { message: config.failed });
      })
      .then(function () {
        button.disabled = false;
        button.textContent = label;
      });
  }

  fetch(base + '/config', { credentials: 'omit' })
    .then(function (res) {
      return res.ok ? res.json() : null;
    })
    .then(function (config) {
      if (!config) return;
      root.innerHTML = '<link rel="stylesheet" href="' + config.css + '"><div class="pf">' + config.html + '</div>';
      var form = root.querySelector('[data-pf-form]');
      form.querySelector('[name="_page"]').value = window.location.href;
      form.querySelector('[name="_referrer"]').value = document.referrer;
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        send(form, config);
      });
    });
})();
