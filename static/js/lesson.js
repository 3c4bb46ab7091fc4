// Lesson pages: math, code highlighting, quizzes graded on the server, demo placeholders.
(function () {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf"]').content;

  function renderMath(root) {
    if (!window.katex) return;
    root.querySelectorAll('.math-inline, .math-display').forEach((el) => {
      if (el.dataset.rendered) return;
      katex.render(el.textContent, el, { displayMode: el.classList.contains('math-display'), throwOnError: false });
      el.dataset.rendered = '1';
    });
  }

  function highlightCode(root) {
    if (!window.hljs) return;
    root.querySelectorAll('pre code[class^="language-"]').forEach((el) => {
      const lang = el.className.replace('language-', '').split(' ')[0];
      if (hljs.getLanguage(lang)) hljs.highlightElement(el);
      else el.classList.add('hljs'); // an unknown language still gets the code colours
    });
  }

  function placeDemos(root) {
    root.querySelectorAll('.demo[data-demo]').forEach((el) => {
      el.replaceChildren();
      const label = document.createElement('p');
      label.className = 'demo-label';
      label.textContent = 'live demo: ' + el.dataset.demo + ' (coming soon)';
      el.appendChild(label);
    });
  }

  function showProgress(p) {
    const bar = document.getElementById('lesson-progress-bar');
    const text = document.getElementById('lesson-progress');
    const done = document.getElementById('lesson-done');
    if (bar) { bar.max = Math.max(p.total, 1); bar.value = p.correct; }
    if (text) text.textContent = p.correct + ' of ' + p.total + ' questions right';
    if (done) done.classList.toggle('hidden', !p.completed);
  }

  // The server writes the feedback (verdict, and the key only once it is earned or asked for).
  function showFeedback(form, data) {
    const feedback = form.querySelector('.quiz-feedback');
    feedback.className = 'quiz-feedback ' + data.feedbackClass;
    feedback.innerHTML = data.feedbackHtml; // escaped on the server; the lesson's own sanitized HTML
    form.classList.toggle('answered', data.correct || form.classList.contains('answered'));
    const reveal = form.querySelector('.quiz-reveal');
    if (reveal) {
      // hiding the focused button would drop the keyboard's focus: it goes to the question's Check
      if (data.showsKey && document.activeElement === reveal) form.querySelector('.quiz-check').focus();
      reveal.hidden = data.showsKey;
    }
    renderMath(feedback);
    showProgress(data.progress);
  }

  async function send(form, path, body, button) {
    const feedback = form.querySelector('.quiz-feedback');
    if (button.getAttribute('aria-disabled') === 'true') return; // still waiting for the last answer
    button.setAttribute('aria-disabled', 'true'); // not disabled: that would drop the keyboard's focus
    try {
      const url = '/api/quiz/' + form.dataset.lesson.split('/').map(encodeURIComponent).join('/') + '/'
        + encodeURIComponent(form.dataset.question) + path;
      const res = await fetch(url, {
        method: 'POST', body, credentials: 'same-origin',
        headers: { 'X-CSRF-Token': csrf, 'Accept': 'application/json' }
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) {
        feedback.className = 'quiz-feedback problem';
        feedback.textContent = data.error || ('The answer could not be checked (' + res.status + ').');
        return;
      }
      showFeedback(form, data);
    } catch (e) {
      feedback.className = 'quiz-feedback problem';
      feedback.textContent = 'The server could not be reached. Check your connection and try again.';
    } finally {
      button.removeAttribute('aria-disabled');
    }
  }

  function check(form, event) {
    event.preventDefault();
    const body = new URLSearchParams();
    new FormData(form).getAll('answer').forEach((v) => body.append('answer', v));
    send(form, '', body, form.querySelector('.quiz-check'));
  }

  function reveal(form) {
    send(form, '/reveal', new URLSearchParams(), form.querySelector('.quiz-reveal'));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const body = document.querySelector('.lesson-body');
    if (!body) return;
    renderMath(document);
    highlightCode(body);
    placeDemos(body);
    body.querySelectorAll('form.quiz').forEach((form) => {
      form.addEventListener('submit', (e) => check(form, e));
      const button = form.querySelector('.quiz-reveal');
      if (button) button.addEventListener('click', () => reveal(form));
    });
  });
})();
