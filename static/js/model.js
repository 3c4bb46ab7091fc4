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
    // coming back with the Back button shows the page as it was left: not running
    window.addEventListener('pageshow', (e) => {
      if (!e.persisted) return;
      if (timer) clearInterval(timer);
      reset(form, button, running, label);
    });
  });
})();
