// presslens web UI: keyboard access to the report's highlights and references (no HTML is built from data).
(function () {
  'use strict';
  function activate(el) {
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'button');
  }
  document.querySelectorAll('.text [data-f], [data-ref]').forEach(activate);
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var el = ev.target;
    if (!(el instanceof Element) || !(el.hasAttribute('data-f') || el.hasAttribute('data-ref'))) return;
    if (el.tagName === 'A' && ev.key === 'Enter') return; // links already click on Enter
    ev.preventDefault();
    el.click();
  });
  var details = document.querySelector('.details-body');
  if (details) {
    details.setAttribute('aria-live', 'polite');
  }
  var form = document.querySelector('form.analyse');
  if (form) {
    form.addEventListener('submit', function () {
      var busy = document.getElementById('busy');
      if (busy) busy.hidden = false;
      var button = document.getElementById('analyse');
      if (button) button.disabled = true;
    });
  }
})();
