// NLU Lab page behaviour shared by every page. No inline scripts: the CSP forbids them.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form.dataset && form.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Wide content (code, math, tables in .table-scroll) scrolls sideways in its own box, never the page.
// While a box scrolls, a keyboard must be able to reach it and a screen reader must name it (WCAG 2.1.1,
// 4.1.2): it gets a tab stop, role=region and a label, and loses them when the window is wide enough again.
// The page's size is watched, so boxes filled later (math drawn by KaTeX, a quiz's feedback) count too.
(() => {
  const WIDE = 'pre, .math-display, .math-inline, .table-scroll';
  const label = (el) => el.dataset.label || (el.matches('pre') ? 'Code' : el.matches('.math-display, .math-inline') ? 'Equation' : 'Table');

  function fitsItsLine(formula) {
    let block = formula.parentElement;
    while (getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return formula.getBoundingClientRect().width <= block.clientWidth + 1;
  }

  function scrolls(el) {
    if (el.matches('.math-inline')) { // inline math cannot scroll: one too wide for its line becomes a block (.math-wide)
      const wide = el.classList.contains('math-wide') ? el.scrollWidth > el.clientWidth + 1 : !fitsItsLine(el);
      el.classList.toggle('math-wide', wide);
      if (!wide) return false;
    }
    return el.scrollWidth > el.clientWidth + 1;
  }

  function markScrollingBoxes() {
    document.querySelectorAll(WIDE).forEach((el) => {
      if (el.hasAttribute('tabindex') && !el.dataset.scrolls) return; // focusable by its own page (the job log)
      const now = scrolls(el);
      if (now === Boolean(el.dataset.scrolls)) return;
      if (now) {
        el.dataset.scrolls = 'x';
        el.tabIndex = 0;
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', label(el) + ', scrolls sideways');
      } else {
        delete el.dataset.scrolls;
        ['tabindex', 'role', 'aria-label'].forEach((a) => el.removeAttribute(a));
      }
    });
  }

  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; markScrollingBoxes(); });
  };
  new ResizeObserver(schedule).observe(document.documentElement);
  window.addEventListener('load', schedule);
})();
