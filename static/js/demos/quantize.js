// Demo "quantize": the course model's projections in INT-N, live: error histogram, size, loss before and after.
(window.NluDemos = window.NluDemos || { specs: {} }).specs = window.NluDemos.specs || {};
window.NluDemos.specs.quantize = {
  title: 'Quantize the course model',
  tryText: 'drop to 2 bits with one group per row, then give the same 2 bits groups of 32: watch the error and the loss.',
  fields: [
    { name: 'bits', label: 'Bits per weight', type: 'select', numeric: true, options: [2, 3, 4, 8].map((b) => ({ value: b, label: b + ' bits' })) },
    { name: 'group_size', label: 'Group size', type: 'select', numeric: true,
      options: [{ value: -1, label: 'one group per row' }, { value: 32, label: '32 columns' }, { value: 64, label: '64 columns' }, { value: 128, label: '128 columns' }] }
  ],
  draw(out, data, values, el) {
    const D = window.NluDemos;
    const mb = (b) => (b / 1e6).toFixed(2) + ' MB';
    const facts = el('dl', { class: 'demo-facts' },
      el('dt', { text: 'Projections stored' }), el('dd', { text: mb(data.floatBytes) + ' in float32 → ' + mb(data.quantizedBytes)
        + ' (' + D.fmt(data.bitsPerWeight, 2) + ' bits per weight, ' + D.fmt(data.floatBytes / data.quantizedBytes, 1) + '× smaller)' }),
      el('dt', { text: 'Error per weight' }), el('dd', { text: 'RMSE ' + data.rmse.toExponential(2) + ', largest ' + data.maxError.toExponential(2) }),
      el('dt', { text: 'Loss on ' + data.lossTokens + ' answer tokens of dev questions' }),
      el('dd', { text: D.fmt(data.lossBefore, 4) + ' in float → ' + D.fmt(data.lossAfter, 4) + ' quantized ('
        + (data.lossAfter >= data.lossBefore ? '+' : '') + D.fmt(data.lossAfter - data.lossBefore, 4) + ')' }));
    const chartBox = el('div', { class: 'demo-chart' });
    const s = data.sample;
    const table = el('table', { class: 'demo-table' },
      el('caption', { text: 'The first ' + s.original.length + ' weights of ' + s.module + ', row 0: float, integer code, and the value the code stands for' }),
      el('thead', {}, el('tr', {}, ...['column', 'float', 'code', 'quantized'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...s.original.map((w, i) => el('tr', {}, el('td', { text: String(i) }), el('td', { class: 'num', text: D.fmt(w, 5) }),
        el('td', { class: 'num', text: String(s.codes[i]) }), el('td', { class: 'num', text: D.fmt(s.quantized[i], 5) })))));
    out.replaceChildren(facts, chartBox, el('details', { class: 'demo-details' }, el('summary', { text: 'Weights by hand' }),
      el('div', { class: 'table-scroll' }, table)));
    const e = data.errors;
    const centers = e.counts.map((c, i) => (e.edges[i] + e.edges[i + 1]) / 2);
    const peak = e.counts.indexOf(Math.max(...e.counts));
    D.chart(chartBox, {
      height: 200,
      scales: { x: { time: false }, y: { range: (u, lo, hi) => [0, hi * 1.05] } },
      axes: [{ label: 'quantized − float', values: (u, ticks) => ticks.map((t) => t.toExponential(0)) }, { label: 'weights', size: 56, values: (u, ticks) => ticks.map((t) => (t >= 1000 ? Math.round(t / 1000) + 'k' : String(t))) }],
      legend: { show: false },
      series: [{}, { label: 'weights', stroke: '#3451b2', fill: 'rgba(52, 81, 178, 0.35)', paths: uPlot.paths.bars({ size: [0.9, 30] }), points: { show: false } }]
    }, [centers, e.counts], 'Histogram of the error of ' + data.weights.toLocaleString('en') + ' weights at ' + data.bits
      + ' bits; the most weights (' + e.counts[peak].toLocaleString('en') + ') moved by about ' + centers[peak].toExponential(1) + '.');
  }
};
