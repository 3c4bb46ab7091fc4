// Demo "generate": the course model continues a prompt token by token, each token with its probability.
(window.NluDemos = window.NluDemos || { specs: {} }).specs = window.NluDemos.specs || {};
window.NluDemos.specs.generate = {
  title: 'The course model writes, token by token',
  tryText: 'change the last word of the prompt; raise the temperature and run it again to see sampled tokens and their lower probabilities.',
  defaults: { max_tokens: 16, temperature: 0 },
  fields: [
    { name: 'prompt', label: 'Prompt', type: 'textarea', rows: 3, wide: true },
    { name: 'max_tokens', label: 'New tokens (1 to 64)', type: 'number', min: 1, max: 64, step: 1 },
    { name: 'temperature', label: 'Temperature', type: 'range', min: 0, max: 2, step: 0.1 }
  ],
  draw(out, data, values, el) {
    const D = window.NluDemos;
    const shown = (t) => t.replace(/\n/g, '↵');
    const text = el('p', { class: 'gen-text' }, el('span', { class: 'gen-prompt', text: data.prompt }));
    data.steps.forEach((s, i) => {
      const span = el('span', { class: 'gen-token', text: shown(s.text), title: 'step ' + (i + 1) + ': p = ' + D.fmt(s.p, 3) });
      span.style.backgroundColor = D.heat(s.p, 0, 1);
      span.style.color = D.ink(s.p, 0, 1);
      text.append(span);
    });
    const chartBox = el('div', { class: 'demo-chart' });
    const rows = data.steps.map((s, i) => el('tr', {}, el('td', { text: String(i + 1) }), el('td', {}, el('code', { text: shown(s.text) })),
      el('td', { class: 'num', text: D.fmt(s.p, 3) }),
      el('td', { text: s.top.map((c) => '"' + shown(c.text) + '" ' + D.fmt(c.p, 2)).join(', ') })));
    const table = el('table', { class: 'demo-table' },
      el('caption', { text: 'Each new token, its probability when it was chosen, and the three likeliest tokens at that step' }),
      el('thead', {}, el('tr', {}, ...['step', 'token', 'p', 'likeliest at this step'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...rows));
    out.replaceChildren(text, el('p', { class: 'demo-note', text: data.steps.length + ' new tokens after a ' + data.promptTokens
      + '-token prompt; stopped by ' + ({ eos: 'the end-of-text token', length: 'the token limit', stop: 'a stop string' }[data.finishReason] || data.finishReason)
      + '. ' + (values.temperature > 0 ? 'p is the sampled distribution (softmax of logits / temperature).' : 'Greedy: each token is the likeliest; p is its softmax probability.') }),
    chartBox, el('div', { class: 'table-scroll' }, table));
    if (!data.steps.length) return;
    const xs = data.steps.map((s, i) => i + 1);
    D.chart(chartBox, {
      height: 180,
      scales: { x: { time: false, range: [0.5, xs.length + 0.5] }, y: { range: [0, 1] } },
      axes: [{ label: 'step' }, { label: 'p' }],
      legend: { show: false },
      series: [{}, { label: 'p', stroke: '#3451b2', fill: 'rgba(52, 81, 178, 0.35)', paths: uPlot.paths.bars({ size: [0.7, 40] }), points: { show: false } }]
    }, [xs, data.steps.map((s) => s.p)], 'Bar chart of each new token\'s probability; the table below gives the numbers.');
  }
};
