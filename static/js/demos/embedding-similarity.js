// Demo "embedding-similarity": one word in several sentences; the cosines of its contextual vectors.
(window.NluDemos = window.NluDemos || { specs: {} }).specs = window.NluDemos.specs || {};
window.NluDemos.specs['embedding-similarity'] = {
  title: 'One word, many contexts',
  tryText: 'add a sentence that uses the word in another sense, and see which rows it joins; compare each with the word on its own.',
  fields: [
    { name: 'word', label: 'Word', type: 'text' },
    { name: 'sentences', label: 'Sentences, one per line (2 to 6)', type: 'lines', rows: 4, wide: true }
  ],
  draw(out, data, values, el) {
    const D = window.NluDemos;
    const sentence = (u) => {
      // the sentence as the encoder read it (lower-cased, word pieces joined again), the word marked
      const words = [];
      u.tokens.forEach((t, i) => {
        if (i === 0 || i === u.tokens.length - 1) return; // [CLS], [SEP]
        const marked = i >= u.from && i < u.to;
        if (t.startsWith('##') && words.length) { words[words.length - 1].text += t.slice(2); words[words.length - 1].marked ||= marked; }
        else words.push({ text: t, marked });
      });
      const p = el('span', { class: 'demo-sentence' });
      words.forEach((w, i) => { if (i > 0) p.append(' '); p.append(w.marked ? el('mark', { text: w.text }) : w.text); });
      return p;
    };
    // contextual vectors sit in a narrow cone (all cosines high): the colours span the cosines shown
    const all = data.cosine.flat().concat(data.cosineToAlone);
    const lo = Math.min(...all);
    const cell = (v) => {
      const td = el('td', { class: 'heat', text: D.fmt(v, 2) });
      td.style.backgroundColor = D.heat(v, lo, 1);
      td.style.color = D.ink(v, lo, 1);
      return td;
    };
    const n = data.uses.length;
    const head = el('tr', {}, el('th', { scope: 'col', text: 'sentence' }),
      ...data.uses.map((u, i) => el('th', { scope: 'col', text: String(i + 1) })),
      el('th', { scope: 'col', text: '"' + data.word + '" alone' }));
    const rows = data.uses.map((u, i) => el('tr', {}, el('th', { scope: 'row' }, (i + 1) + '. ', sentence(u)),
      ...data.cosine[i].map(cell), cell(data.cosineToAlone[i])));
    const table = el('table', { class: 'heat-table' },
      el('caption', { text: 'Cosine similarity of "' + data.word + '" between the sentences' }),
      el('thead', {}, head), el('tbody', {}, ...rows));
    out.replaceChildren(el('div', { class: 'table-scroll' }, table),
      el('p', { class: 'demo-note', text: 'Each cell compares the vectors MiniLM gives "' + data.word + '" (word pieces: ' + data.pieces.join(' ')
        + ') in two sentences; the last column compares each with its vector when it stands alone. A static embedding gives the word one vector'
        + ' everywhere: every cell would be 1.00. Darker is more similar (from ' + D.fmt(lo, 2) + ' to 1).' }));
  }
};
