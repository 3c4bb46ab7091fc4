// NLU Lab page behaviour shared by every page. No inline scripts: the CSP forbids them.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form.dataset && form.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
