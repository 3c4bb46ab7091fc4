// The instructor's jobs page: draws the capacity held by running jobs over the last 24 hours (uPlot).
(() => {
  const el = document.getElementById('capacity-chart');
  if (!el || typeof uPlot === 'undefined') return;
  const usage = JSON.parse(el.dataset.usage);
  const capacity = usage.epochSeconds.map(() => usage.capacity);
  const size = () => ({ width: Math.max(300, el.clientWidth), height: 200 });
  const chart = new uPlot({
    ...size(),
    scales: { y: { range: (u, min, max) => [0, Math.max(usage.capacity, max) * 1.05] } },
    axes: [{}, { label: usage.unit, size: 60 }],
    series: [
      {},
      { label: 'in use', stroke: '#3451b2', fill: 'rgba(52,81,178,0.15)', width: 2,
        paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } },
      { label: 'capacity', stroke: '#b42318', dash: [6, 4], width: 1, points: { show: false } },
    ],
  }, [usage.epochSeconds, usage.inUse, capacity], el);
  el.classList.add('has-data');
  window.addEventListener('resize', () => chart.setSize(size()));
})();
