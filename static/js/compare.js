// Compare runs: the runs' loss and dev-loss curves overlaid, one series per run in the colour and dash the
// server chose (the page's legend and table use the same), drawn from the data-curves the page carries.
// No inline scripts: the CSP forbids them.
(() => {
  const holder = document.querySelector('[data-curves]');
  if (!holder || typeof uPlot === 'undefined') return;
  const data = JSON.parse(holder.dataset.curves);
  const steps = data.curves.steps;
  if (steps.length === 0) return;

  function chart(el, perRun, axis) {
    const series = [{ label: 'step' }].concat(data.runs.map((r) => ({
      label: '#' + r.id + ' ' + r.label, stroke: r.colour, width: 2, dash: r.dash,
      spanGaps: true, points: { show: steps.length <= 60 },
    })));
    el.classList.add('has-data');
    const width = () => Math.max(260, el.clientWidth);
    const plot = new uPlot({
      width: width(), height: 240,
      scales: { x: { time: false } },
      legend: { show: true, live: false },
      axes: [{ label: 'step' }, { label: axis, size: 60 }],
      series,
    }, [steps].concat(perRun), el);
    window.addEventListener('resize', () => plot.setSize({ width: width(), height: 240 }));
    el.dataset.series = String(perRun.length);
  }

  chart(document.getElementById('compare-loss'), data.curves.loss, 'loss');
  chart(document.getElementById('compare-dev'), data.curves.devLoss, 'dev loss');
})();
