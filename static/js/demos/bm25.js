// Demo "bm25": one query, BM25 (Lucene) and dense (MiniLM) rankings of the reverse-dictionary words side by side.
(window.NluDemos = window.NluDemos || { specs: {} }).specs = window.NluDemos.specs || {};
window.NluDemos.specs.bm25 = {
  title: 'BM25 and dense retrieval on the reverse dictionary',
  tryText: 'a definition without the word\'s own words ("a large natural stream of water" for river); then move k1 and b and watch the BM25 ranking and its dev scores.',
  defaults: { k1: 1.2, b: 0.75 },
  fields: [
    { name: 'query', label: 'Query', type: 'text', wide: true },
    { name: 'k1', label: 'BM25 k1 (term saturation)', type: 'range', min: 0, max: 3, step: 0.1 },
    { name: 'b', label: 'BM25 b (length normalization)', type: 'range', min: 0, max: 1, step: 0.05 }
  ],
  draw(out, data, values, el) {
    const D = window.NluDemos;
    const table = (title, hits, score) => el('div', { class: 'demo-card' },
      el('p', { class: 'demo-side-title' }, el('strong', { text: title })),
      hits.length ? el('table', { class: 'demo-table' },
        el('caption', { text: title + ': top ' + hits.length + ' of ' + data.candidates.toLocaleString('en') + ' words' }),
        el('thead', {}, el('tr', {}, ...['rank', 'word', score].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...hits.map((h, i) => el('tr', {}, el('td', { class: 'num', text: String(i + 1) }), el('td', { text: h.word }),
          el('td', { class: 'num', text: D.fmt(h.score, 3) })))))
        : el('p', { class: 'demo-note', text: 'No word shares a term with the query.' }));
    const m = data.dev;
    out.replaceChildren(el('div', { class: 'demo-sides' },
      table('BM25 (k1 ' + D.fmt(data.k1, 2) + ', b ' + D.fmt(data.b, 2) + ')', data.bm25, 'score'),
      table('Dense (all-MiniLM-L6-v2)', data.dense, 'cosine')),
    el('p', { class: 'demo-note', text: 'On the first ' + m.queries + ' labelled dev definitions: BM25 MRR@10 ' + D.fmt(m.bm25Mrr, 3)
      + ', Success@10 ' + D.fmt(m.bm25Success, 3) + '; dense MRR@10 ' + D.fmt(m.denseMrr, 3) + ', Success@10 ' + D.fmt(m.denseSuccess, 3) + '.' }));
  }
};
