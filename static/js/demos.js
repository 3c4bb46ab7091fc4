// Live demos in lessons: each ```demo block is a <div class="demo" data-demo data-params>. This frame
// builds the demo's form from its fields, asks /api/demos/<name> when an input changes, and hands the
// answer to the demo's own script (static/js/demos/<name>.js), which draws it. Loaded after them.
(function () {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf"]').content;
  const specs = (window.NluDemos && window.NluDemos.specs) || {};
  let counter = 0;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  // One labelled control per field: text, textarea, lines (a textarea of one item per line), number, range, select.
  function control(demoId, f, value) {
    const id = demoId + '-' + f.name;
    let input;
    if (f.type === 'textarea' || f.type === 'lines') {
      input = el('textarea', { id, rows: f.rows || 3, spellcheck: 'false' });
      input.value = f.type === 'lines' ? (value || []).join('\n') : (value ?? '');
    } else if (f.type === 'select') {
      input = el('select', { id });
      for (const o of f.options) input.append(el('option', { value: String(o.value), text: o.label }));
      input.value = String(value);
    } else {
      input = el('input', { id, type: f.type, min: f.min, max: f.max, step: f.step, spellcheck: f.type === 'text' ? 'false' : null });
      input.value = value ?? '';
    }
    input.dataset.field = f.name;
    const wrap = el('div', { class: 'demo-field demo-field-' + f.type + (f.wide ? ' wide' : '') }, el('label', { for: id, text: f.label }), input);
    if (f.type === 'range') {
      const shown = el('output', { for: id, class: 'demo-range-value', text: input.value });
      input.addEventListener('input', () => { shown.textContent = input.value; });
      wrap.append(shown);
    }
    return wrap;
  }

  function readValue(f, input) {
    if (f.type === 'lines') return input.value.split('\n').map((s) => s.trim()).filter((s) => s);
    if (f.type === 'number' || f.type === 'range') return input.value === '' ? null : Number(input.value);
    if (f.type === 'select' && f.numeric) return Number(input.value);
    return input.value;
  }

  function mount(root) {
    const name = root.dataset.demo;
    const spec = specs[name];
    root.replaceChildren();
    if (!spec) {
      root.append(el('p', { class: 'demo-problem', text: 'This page could not load the demo "' + name + '".' }));
      return;
    }
    const id = 'demo-' + (++counter);
    let params = {};
    try { params = JSON.parse(root.dataset.params || '{}'); } catch (e) { params = {}; }
    const values = Object.assign({}, spec.defaults || {}, params);
    const form = el('form', { class: 'demo-form', novalidate: true });
    const inputs = {};
    for (const f of spec.fields) {
      const c = control(id, f, values[f.name]);
      inputs[f.name] = c.querySelector('[data-field]');
      form.append(c);
    }
    form.append(el('div', { class: 'demo-actions' }, el('button', { type: 'submit', class: 'primary', text: spec.button || 'Run' })));
    const status = el('p', { class: 'demo-status', role: 'status' });
    const out = el('div', { class: 'demo-output' });
    root.classList.add('demo-live');
    root.setAttribute('role', 'region');
    root.setAttribute('aria-labelledby', id + '-title');
    root.append(el('p', { class: 'demo-title', id: id + '-title' }, el('span', { class: 'demo-kicker', text: 'Live demo' }), ' ' + spec.title),
      el('p', { class: 'demo-try', text: 'Try: ' + spec.tryText }), form, status, out);

    let last = null; // the last answer, for redraws that need no new answer
    let asked = 0;   // so that only the newest answer is drawn
    const current = () => {
      const v = {};
      for (const f of spec.fields) v[f.name] = readValue(f, inputs[f.name]);
      return v;
    };
    let warming = false; // a 202 came back: the request is asked again, the demo stays busy
    async function ask() {
      const v = current();
      const mine = ++asked;
      warming = false;
      root.setAttribute('aria-busy', 'true');
      status.className = 'demo-status';
      status.textContent = 'Running on the server…';
      try {
        const res = await fetch('/api/demos/' + encodeURIComponent(name), {
          method: 'POST', credentials: 'same-origin', body: JSON.stringify(spec.body ? spec.body(v) : v),
          headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf }
        });
        const data = await res.json().catch(() => ({}));
        if (mine !== asked) return;
        if (res.status === 202) { // the demo's data is loading on the server: say so and ask again
          status.textContent = data.message || 'Loading…';
          warming = true;
          setTimeout(() => { if (mine === asked) ask(); }, 1000 * (data.retryAfter || 2));
          return;
        }
        if (!res.ok) {
          status.className = 'demo-status problem';
          status.textContent = data.error || ('The demo could not run (' + res.status + ').');
          return;
        }
        last = data;
        const timing = /dur=(\d+)/.exec(res.headers.get('Server-Timing') || '');
        status.textContent = 'Updated' + (timing ? ' in ' + timing[1] + ' ms on the server.' : '.');
        spec.draw(out, data, v, el);
      } catch (e) {
        if (mine !== asked) return;
        status.className = 'demo-status problem';
        status.textContent = 'The server could not be reached. Check your connection and try again.';
      } finally {
        if (mine === asked && !warming) root.removeAttribute('aria-busy');
      }
    }
    let timer = null;
    const later = (ms) => { clearTimeout(timer); timer = setTimeout(ask, ms); };
    for (const f of spec.fields) {
      const input = inputs[f.name];
      if (f.redraw) { // drawn again from the last answer: no new request
        input.addEventListener('change', () => { if (last) spec.draw(out, last, current(), el); });
        continue;
      }
      const typing = f.type === 'text' || f.type === 'textarea' || f.type === 'lines' || f.type === 'number';
      input.addEventListener(typing ? 'input' : 'change', () => later(typing ? 600 : 150));
    }
    form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); ask(); });
    ask();
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('.demo[data-demo]').forEach(mount);
  });

  // Shared by the demos' scripts.
  window.NluDemos = Object.assign(window.NluDemos || {}, {
    // A colour for a value in [lo, hi]: pale to the accent blue (and pale to red below zero for cosines).
    heat(value, lo, hi) {
      const t = Math.max(0, Math.min(1, (value - lo) / (hi - lo || 1)));
      const light = 97 - t * 55;
      return 'hsl(225, 60%, ' + light + '%)';
    },
    // Text on a heat cell stays readable: white on the dark end.
    ink(value, lo, hi) { return (value - lo) / (hi - lo || 1) > 0.6 ? '#fff' : '#1d2330'; },
    fmt(x, digits) { return Number(x).toFixed(digits ?? 3); },
    // A uPlot chart as wide as its box, redrawn on a new width; an image with a text alternative.
    chart(box, opts, data, label) {
      box.replaceChildren();
      box.setAttribute('role', 'img');
      box.setAttribute('aria-label', label);
      const parent = box.parentElement;
      const width = () => Math.max(240, Math.floor(box.getBoundingClientRect().width || parent.clientWidth || 320));
      const plot = new uPlot(Object.assign({ width: width(), height: opts.height || 220 }, opts), data, box);
      if (window.ResizeObserver) {
        const resizer = new ResizeObserver(() => {
          if (!box.isConnected) { resizer.disconnect(); plot.destroy(); return; } // drawn over by a newer answer
          plot.setSize({ width: width(), height: opts.height || 220 });
        });
        resizer.observe(parent);
      }
      return plot;
    }
  });
})();
