// The model page: while a prompt runs, say so and count the seconds. The form posts to /model#answer,
// so the page that comes back opens at the answer.
(function () {
  'use strict';

  function reset(form, button, running, label) {
    button.removeAttribute('aria-disabled');
    button.textContent = label;
    form.removeAttribute('aria-busy');
    running.hidden = true;
  }

  // A tried model (a job's merged model) loads in the background: ask every 2 s until it is loaded, then say so.
  function followLoad() {
    const status = document.getElementById('tried-status');
    if (!status || status.dataset.loading !== 'true') return;
    const poll = setInterval(async () => {
      try {
        const r = await fetch('/model/tried?job=' + encodeURIComponent(status.dataset.job), { headers: { Accept: 'application/json' } });
        if (!r.ok) { clearInterval(poll); return; }
        const body = await r.json();
        if (!body.loaded) return;
        clearInterval(poll);
        delete status.dataset.loading;
        const pill = status.querySelector('.pill');
        pill.textContent = 'loaded';
        pill.className = 'pill state-succeeded';
        const hint = status.querySelector('.tried-hint');
        if (hint) hint.textContent = 'ready: prompts are answered now';
        const running = document.querySelector('#running span');
        if (running) running.textContent = 'The model is writing';
      } catch (e) {
        clearInterval(poll); // offline or the server stopped: the page still works, the pill just stays
      }
    }, 2000);
  }

  document.addEventListener('DOMContentLoaded', () => {
    const form = document.querySelector('form.prompt-form');
    const running = document.getElementById('running');
    if (!form || !running) return;
    const button = form.querySelector('button[type=submit]');
    const label = button.textContent;
    let timer = null;
    form.addEventListener('submit', (e) => {
      // one request at a time (the server refuses a second one anyway); aria-disabled, not disabled: that
      // would drop the keyboard's focus
      if (button.getAttribute('aria-disabled') === 'true') { e.preventDefault(); return; }
      button.setAttribute('aria-disabled', 'true');
      button.textContent = 'Running…';
      form.setAttribute('aria-busy', 'true');
      running.hidden = false;
      const seconds = running.querySelector('.seconds');
      const started = Date.now();
      timer = setInterval(() => { seconds.textContent = Math.round((Date.now() - started) / 1000) + ' s'; }, 1000);
    });
    followLoad();
    // coming back with the Back button shows the page as it was left: not running
    window.addEventListener('pageshow', (e) => {
      if (!e.persisted) return;
      if (timer) clearInterval(timer);
      reset(form, button, running, label);
    });
  });
})();
