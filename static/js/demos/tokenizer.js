// Demo "tokenizer": the course model's byte-level BPE and MiniLM's WordPiece on the same text.
(window.NluDemos = window.NluDemos || { specs: {} }).specs = window.NluDemos.specs || {};
window.NluDemos.specs.tokenizer = {
  title: 'Two tokenizers on one text',
  tryText: 'a rare word, a number, a word with and without a leading space, a sentence in another language.',
  fields: [{ name: 'text', label: 'Text', type: 'textarea', rows: 2, wide: true }],
  draw(out, data, values, el) {
    const side = (s, note) => el('div', { class: 'demo-side' },
      el('p', { class: 'demo-side-title' }, el('strong', { text: s.tokenizer }), ': ' + s.count + ' tokens'),
      el('ol', { class: 'token-list', 'aria-label': s.tokenizer + ' tokens' },
        ...s.tokens.map((t, i) => el('li', { class: 'tok' }, el('span', { class: 'tok-text', text: t }),
          el('span', { class: 'tok-id', text: String(s.ids[i]) })))),
      el('p', { class: 'demo-note', text: note }));
    out.replaceChildren(el('div', { class: 'demo-sides' },
      side(data.bpe, 'Ġ is a space before the token; a character beyond ASCII is its UTF-8 bytes (ï is Ã¯).'),
      side(data.wordPiece, '[CLS] and [SEP] frame every text; ## continues a word; the text is lower-cased first.')),
    el('p', { class: 'demo-note', text: data.characters + ' characters: ' + data.bpe.count + ' BPE tokens, '
      + data.wordPiece.count + ' WordPiece tokens with [CLS] and [SEP].' }));
  }
};
