// Runs once in each screen's page (kit/screens/base.py puts it in an image's onerror).
(function () {
  if (window.kitPage) return;
  window.kitPage = 1;

  // When the heartbeat stops changing, the kernel is gone (kit start restarted, laptop slept), and typing into
  // the page would be lost, so say so over everything.
  var seen = '', last = Date.now();
  setInterval(function () {
    var beat = document.querySelector('.kit-beat');
    if (!beat) return;
    var value = beat.getAttribute('data-beat');
    if (value !== seen) { seen = value; last = Date.now(); }
    var offline = document.getElementById('kit-offline');
    if (Date.now() - last > 8000) {
      if (!offline) {
        offline = document.createElement('div');
        offline.id = 'kit-offline';
        offline.textContent = beat.getAttribute('data-text');
        document.body.appendChild(offline);
      }
    } else if (offline) { offline.remove(); }
  }, 1000);

  // Typing ahead. After Enter saves a form (a walk-in, an idea), the kernel clears the fields a moment later.
  // Keys typed in that moment went into the old entry: the next person's name was saved with the last one's,
  // or wiped. Until the kernel has cleared the fields, keys go to a hidden field instead, and then into the
  // form's fields: Tab moves on to the next field, and Enter saves that entry too while typing goes on ahead.
  var ahead = null;  // {form, done: entries ended with Enter, fields: this entry's fields before the buffer, ...}
  var buffer = document.createElement('input');
  buffer.setAttribute('aria-hidden', 'true');
  buffer.tabIndex = -1;
  buffer.style.cssText = 'position:fixed;left:-10000px;top:0;width:10em;opacity:0';

  function formOf(el) {
    var widget = el.closest('[class*="kit-form-"]');
    var match = widget && widget.className.match(/kit-form-(\d+)/);
    return match ? match[1] : null;
  }
  function typedIn(el) { return el.tagName === 'TEXTAREA' || ['text', 'email', 'search'].indexOf(el.type) >= 0; }
  function required(form) {  // the field a form cannot be saved without, when it is one to type in
    var field = document.querySelector('.kit-form-' + form + '.kit-form-required input');
    return field && typedIn(field) ? field : null;
  }
  function textFields(form) {
    return Array.prototype.filter.call(
      document.querySelectorAll('.kit-form-' + form + ' input, .kit-form-' + form + ' textarea'), typedIn);
  }
  function start(form, origin, done, fields, text) {
    ahead = {form: form, origin: origin, done: done, fields: fields, since: Date.now(), clearedAt: 0,
             error: document.querySelector('.kit-error')};
    if (!buffer.parentNode) document.body.appendChild(buffer);
    buffer.value = text;
  }
  function fill(form, entry) {  // the entry's texts into the form's fields in order; the last one filled
    var fields = textFields(form), last = fields[0];
    entry.forEach(function (text, i) {
      if (i >= fields.length || (!text && i > 0)) return;
      last = fields[i];
      last.value = text;
      last.dispatchEvent(new Event('input', {bubbles: true}));  // the widget sends it to the kernel
    });
    return last;
  }
  function finish() {
    var state = ahead, text = buffer.value, ended = state.done.length > 0;
    ahead = null;
    buffer.value = '';
    var last = fill(state.form, ended ? state.done.shift() : state.fields.concat([text]));
    if (!last) return;
    if (!ended) {
      last.focus();
      try { last.setSelectionRange(last.value.length, last.value.length); } catch (err) { /* e-mail fields */ }
      return;
    }
    var enter = new KeyboardEvent('keypress', {key: 'Enter', bubbles: true});
    Object.defineProperty(enter, 'keyCode', {get: function () { return 13; }});
    last.dispatchEvent(enter);  // saves the entry that was ended with Enter while the one before was saved
    start(state.form, last, state.done, state.fields, text);
    buffer.focus();
  }

  document.addEventListener('keydown', function (e) {
    if (ahead && e.target === buffer) {
      if (e.key === 'Tab') {
        e.preventDefault();
        ahead.fields.push(buffer.value);
        buffer.value = '';
      } else if (e.key === 'Enter') {
        e.preventDefault();
        if (buffer.value.trim() || ahead.fields.some(Boolean)) {
          ahead.done.push(ahead.fields.concat([buffer.value]));
          ahead.fields = [];
          buffer.value = '';
        }
      }
      return;
    }
    if (e.key !== 'Enter' || ahead || e.isComposing || e.target.tagName !== 'INPUT') return;  // not a new line
    var form = formOf(e.target), field = form && required(form);
    if (field && field.value.trim() && document.querySelector('.kit-form-' + form + '.kit-form-clears')) {
      start(form, e.target, [], [], '');  // the focus moves to the buffer on this Enter's keypress, below
    }
  }, true);
  // the Enter's keypress is what saves (the widget sends it on): the keys after it go to the buffer
  document.addEventListener('keypress', function (e) {
    if (ahead && e.target === ahead.origin && e.key === 'Enter') buffer.focus();
  }, true);
  // the kernel clears the fields and then puts the focus in the first one: the keys typed ahead go there at once
  document.addEventListener('focusin', function (e) {
    var field = ahead && e.target !== buffer && required(ahead.form);
    if (field && field.value === '') finish();
  }, true);
  setInterval(function () {
    if (!ahead) return;
    var field = required(ahead.form), error = document.querySelector('.kit-error');
    if (!field || field.value === '') {
      ahead.clearedAt = ahead.clearedAt || Date.now();
      if (Date.now() - ahead.clearedAt > 300) finish();  // cleared, but the focus never came
    } else if ((error && error !== ahead.error) || Date.now() - ahead.since > 5000) {
      // not saved (the kernel said why, or did not answer): back to the entry, to be mended; keys ahead dropped
      var origin = ahead.origin;
      ahead = null;
      buffer.value = '';
      origin.focus();
    }
  }, 50);
})();
