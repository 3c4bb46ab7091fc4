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

  function feedbackHtml(result) {
    const box = document.createElement('div');
    const verdict = document.createElement('p');
    verdict.className = 'verdict';
    verdict.textContent = result.correct ? 'Correct.' : 'Not quite. Try again.';
    box.appendChild(verdict);
    if (result.correctAnswerHtml && result.correct) {
      const answer = document.createElement('p');
      answer.className = 'answer';
      // HTML rendered and escaped on the server from the lesson's own text
      answer.innerHTML = '<strong>Answer:</strong> ' + result.correctAnswerHtml;
      box.appendChild(answer);
    }
    if (result.explanationHtml) {
      const why = document.createElement('div');
      why.className = 'explanation';
      why.innerHTML = result.explanationHtml;
      box.appendChild(why);
    }
    return box;
  }

  async function check(form, event) {
    event.preventDefault();
    const feedback = form.querySelector('.quiz-feedback');
    const body = new URLSearchParams();
    new FormData(form).getAll('answer').forEach((v) => body.append('answer', v));
    const button = form.querySelector('.quiz-check');
    if (button.getAttribute('aria-disabled') === 'true') return; // still checking the last answer
    button.setAttribute('aria-disabled', 'true'); // not disabled: that would drop the keyboard's focus
    feedback.className = 'quiz-feedback';
    try {
      const url = '/api/quiz/' + form.dataset.lesson.split('/').map(encodeURIComponent).join('/') + '/' + encodeURIComponent(form.dataset.question);
      const res = await fetch(url, {
        method: 'POST', body, credentials: 'same-origin',
        headers: { 'X-CSRF-Token': csrf, 'Accept': 'application/json' }
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) {
        feedback.classList.add('problem');
        feedback.textContent = data.error || ('The answer could not be checked (' + res.status + ').');
        return;
      }
      feedback.classList.add(data.correct ? 'correct' : 'wrong');
      feedback.replaceChildren(feedbackHtml(data));
      form.classList.toggle('answered', data.correct || form.classList.contains('answered'));
      renderMath(feedback);
      showProgress(data.progress);
    } catch (e) {
      feedback.classList.add('problem');
      feedback.textContent = 'The server could not be reached. Check your connection and try again.';
    } finally {
      button.removeAttribute('aria-disabled');
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const body = document.querySelector('.lesson-body');
    if (!body) return;
    renderMath(document);
    highlightCode(body);
    placeDemos(body);
    body.querySelectorAll('form.quiz').forEach((form) => form.addEventListener('submit', (e) => check(form, e)));
  });
})();
