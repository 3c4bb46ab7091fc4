// Demo "attention": the course model's attention weights of one layer and head as a heat map.
(window.NluDemos = window.NluDemos || { specs: {} }).specs = window.NluDemos.specs || {};
window.NluDemos.specs.attention = {
  title: 'Attention weights of the course model',
  tryText: 'find a head that looks at the previous token, one that rests on <s> (a "sink"), and where "its" looks.',
  defaults: { layer: 1, head: 1 },
  fields: [
    { name: 'text', label: 'Text', type: 'text', wide: true },
    { name: 'layer', label: 'Layer', type: 'select', numeric: true, redraw: true, options: [1, 2, 3, 4].map((v) => ({ value: v, label: 'layer ' + v })) },
    { name: 'head', label: 'Head', type: 'select', numeric: true, redraw: true, options: [1, 2, 3, 4].map((v) => ({ value: v, label: 'head ' + v })) }
  ],
  body(v) { return { text: v.text }; },
  draw(out, data, values, el) {
    const layer = Math.min(values.layer, data.layers) - 1;
    const head = Math.min(values.head, data.heads) - 1;
    const w = data.weights[layer][head];
    const tokens = data.tokens.map((t) => t.replace(/^Ġ/, '␣'));
    const n = tokens.length;
    const canvas = el('canvas', { class: 'attention-map', role: 'img' });
    const box = el('div', { class: 'attention-box' }, canvas);
    // text alternative: where each token puts most of its attention
    const strongest = w.map((row, i) => {
      let best = 0;
      for (let j = 1; j <= i; j++) if (row[j] > row[best]) best = j;
      return el('li', {}, el('code', { text: tokens[i] }), ' → ', el('code', { text: tokens[best] }), ' ' + window.NluDemos.fmt(row[best], 2));
    });
    canvas.setAttribute('aria-label', 'Attention of layer ' + (layer + 1) + ', head ' + (head + 1) + ' over ' + n
      + ' tokens; the list after the map says where each token looks most.');
    out.replaceChildren(box,
      el('p', { class: 'demo-note', text: 'Row: the token that looks (query); column: the token it looks at (key). Darker is more weight; each row sums to 1; no token sees the ones after it.' }),
      el('details', { class: 'demo-details' }, el('summary', { text: 'Where each token looks most (layer ' + (layer + 1) + ', head ' + (head + 1) + ')' }),
        el('ol', { class: 'attention-list' }, ...strongest)));
    const css = getComputedStyle(document.body);
    const width = Math.max(280, Math.min(640, box.clientWidth || 320));
    const label = Math.min(90, Math.floor(width * 0.22));
    const cellSize = (width - label) / n;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = (label + cellSize * n) * ratio;
    canvas.style.width = width + 'px';
    canvas.style.height = (label + cellSize * n) + 'px';
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, label + cellSize * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        g.fillStyle = j > i ? '#eef0f4' : window.NluDemos.heat(w[i][j], 0, 1);
        g.fillRect(label + j * cellSize, label + i * cellSize, Math.ceil(cellSize), Math.ceil(cellSize));
      }
    }
    const fontSize = Math.max(8, Math.min(12, cellSize * 0.8));
    g.font = fontSize + 'px ' + css.fontFamily;
    g.fillStyle = '#1d2330';
    g.textBaseline = 'middle';
    const clip = (t) => (t.length > 9 ? t.slice(0, 8) + '…' : t);
    for (let i = 0; i < n; i++) {
      g.textAlign = 'right';
      g.fillText(clip(tokens[i]), label - 4, label + (i + 0.5) * cellSize);
      g.save();
      g.translate(label + (i + 0.5) * cellSize, label - 4);
      g.rotate(-Math.PI / 2);
      g.textAlign = 'left';
      g.fillText(clip(tokens[i]), 0, 0);
      g.restore();
    }
  }
};
