// A lesson's side contents: marks the section being read (aria-current="location") as the reader scrolls,
// and keeps that entry in view when the side panel scrolls on its own. No inline scripts: the CSP forbids them.
(() => {
  const links = [...document.querySelectorAll('.toc-side a[href^="#"]')];
  if (links.length === 0) return;
  const side = document.querySelector('.lesson-side');
  const sections = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
  let current = null;

  function update() {
    // the section being read: the last heading above the top fifth of the window (the first before any)
    const line = window.innerHeight / 5;
    let i = 0;
    sections.forEach((h, k) => { if (h && h.getBoundingClientRect().top <= line) i = k; });
    if (links[i] === current) return;
    if (current) current.removeAttribute('aria-current');
    current = links[i];
    current.setAttribute('aria-current', 'location');
    if (side && getComputedStyle(side).position === 'sticky') { // scroll the panel only, never the page
      const link = current.getBoundingClientRect();
      const panel = side.getBoundingClientRect();
      if (link.top < panel.top || link.bottom > panel.bottom) side.scrollTop += link.top - panel.top - side.clientHeight / 3;
    }
  }

  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; update(); });
  };
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);
  update();
})();
