/* global document, window, fetch, FormData, EventSource */
// The status page's script: sends the forms to the public API, swaps in the blocks a live update
// changed, and shows times in the reader's own time zone. No dependencies, no build step.
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || !main.dataset.api) return;
  var api = main.dataset.api;
  var live = document.getElementById('live');
  var lang = document.documentElement.lang || 'en';
  // The survey score of a one-click link stays selected when live updates redraw the page.
  var score = /[?&]score=([1-5])(?:&|$)/.exec(window.location.search);
  var contentUrl = api + '/content' + (score ? '?score=' + score[1] : '');

  function localTimes(root) {
    var full = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    var day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (!isNaN(d.getTime()))
        el.textContent = (el.dataset.style === 'date' ? day : full).format(d);
    });
  }

  function announce(text) {
    if (!live) return;
    live.textContent = '';
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  function key() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      })
      .join('');
  }

  // Replaces the blocks whose version changed; a block holding the focus or a half-filled form
  // is replaced only if its content really changed, which is what the version says.
  function refresh(announceIt) {
    return fetch(contentUrl, { headers: { accept: 'text/html' }, cache: 'no-store' })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.text();
      })
      .then(function (html) {
        var next = document.createElement('div');
        next.innerHTML = html;
        var content = document.getElementById('content');
        var changed = false;
        next.querySelectorAll('section[data-incident]').forEach(function (section) {
          var id = section.dataset.incident;
          var current = content.querySelector('section[data-incident="' + id + '"]');
          if (!current) {
            content.appendChild(section);
            changed = true;
            return;
          }
          var names = {};
          section.querySelectorAll('[data-block]').forEach(function (blk) {
            names[blk.dataset.block] = true;
            var name = blk.dataset.block;
            var old = current.querySelector('[data-block="' + name + '"]');
            if (old && old.dataset.version === blk.dataset.version) return;
            changed = true;
            blk.classList.add('flash');
            if (old) old.replaceWith(blk);
            else current.appendChild(blk);
          });
          current.querySelectorAll('[data-block]').forEach(function (old) {
            if (!names[old.dataset.block]) {
              old.remove();
              changed = true;
            }
          });
        });
        localTimes(content);
        if (changed && announceIt) announce(main.dataset.updated);
        return changed;
      });
  }

  function send(form) {
    var action = form.dataset.action;
    var incident = form.dataset.incident;
    var result = form.querySelector('.result');
    var button = form.querySelector('button[type=submit]');
    var init = { method: 'POST', headers: { 'idempotency-key': form.dataset.key } };
    var url = api + '/' + action;
    if (action === 'photos') {
      init.body = new FormData(form);
      url += '?incidentId=' + encodeURIComponent(incident);
    } else {
      var data = { incidentId: incident };
      new FormData(form).forEach(function (value, name) {
        if (value === '') return;
        if (name === 'score') data.score = Number(value);
        else if (name === 'from' || name === 'to') data[name] = new Date(value).toISOString();
        else data[name] = value;
      });
      if (action === 'choice') {
        if (data.from && data.to) data.pickupWindow = { from: data.from, to: data.to };
        delete data.from;
        delete data.to;
      }
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(data);
    }
    button.disabled = true;
    result.className = 'result';
    result.textContent = main.dataset.working;
    return fetch(url, init)
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        delete form.dataset.key;
        result.className = 'result done';
        result.textContent = form.dataset.done;
        if (action === 'photos' || action === 'escalate') form.reset();
        return refresh(false);
      })
      .catch(function () {
        result.className = 'result error';
        result.textContent = main.dataset.failed;
      })
      .then(function () {
        button.disabled = false;
      });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.action) return;
    event.preventDefault();
    // A retry of the same submission reuses its key, so the server does it once.
    if (!form.dataset.key) form.dataset.key = key();
    send(form);
  });
  document.addEventListener('change', function (event) {
    var form = event.target.form;
    if (form && form.dataset.key) delete form.dataset.key;
  });

  localTimes(document);
  if (typeof EventSource === 'function') {
    var source = new EventSource(api + '/events');
    source.addEventListener('ready', function () {
      refresh(true);
    });
    source.addEventListener('update', function () {
      refresh(true);
    });
  }
  main.dataset.ready = '1';
})();
