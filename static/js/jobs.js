// The instructor's jobs page: draws the capacity held by running jobs over the last 24 hours (uPlot).
(() => {
  const el = document.getElementById('capacity-chart');
  if (!el || typeof uPlot === 'undefined') return;
  const usage = JSON.parse(el.dataset.usage);
  const zone = el.dataset.zone; // the course's zone: the chart's times agree with the page's, not with the browser's
  const capacity = usage.epochSeconds.map(() => usage.capacity);
  const size = () => ({ width: Math.max(300, el.clientWidth), height: 200 });
  // year first and 24-hour, as the page writes times; each row: [tick step in s, label, label where the day changes, ...]
  const ticks = [
    [86400, '{MM}-{DD}', '\n{YYYY}', null, null, null, null, null, 1],
    [60, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  ];
  const chart = new uPlot({
    ...size(),
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone),
    scales: { y: { range: (u, min, max) => [0, Math.max(usage.capacity, max) * 1.05] } },
    axes: [{ values: ticks }, { label: usage.unit, size: 60 }],
    series: [
      { label: `Time (${zone})`, value: '{YYYY}-{MM}-{DD} {HH}:{mm}' },
      { label: 'in use', stroke: '#3451b2', fill: 'rgba(52,81,178,0.15)', width: 2,
        paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } },
      { label: 'capacity', stroke: '#b42318', dash: [6, 4], width: 1, points: { show: false } },
    ],
  }, [usage.epochSeconds, usage.inUse, capacity], el);
  el.classList.add('has-data');
  window.addEventListener('resize', () => chart.setSize(size()));
})();
