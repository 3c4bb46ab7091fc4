// Demo "lora-rank": rank and alpha of a LoRA on a real layer: its parameters, what rank r keeps, the update's size.
(window.NluDemos = window.NluDemos || { specs: {} }).specs = window.NluDemos.specs || {};
(function () {
  // "model.layers.2.mlp.up_proj" -> "layer 2 up_proj"
  const option = (m) => ({ value: m, label: m.replace(/^model\.layers\.(\d+)\.\w+\.(\w+)$/, 'layer $1 $2') });
  // the course model's 4 layers until the server names the model's own projections
  const modules = [];
  for (let l = 0; l < 4; l++) {
    for (const p of ['self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj', 'self_attn.o_proj', 'mlp.gate_proj', 'mlp.up_proj', 'mlp.down_proj']) {
      modules.push(option('model.layers.' + l + '.' + p));
    }
  }
  window.NluDemos.specs['lora-rank'] = {
    title: 'LoRA rank and alpha on a layer of the course model',
    tryText: 'double the rank at a fixed alpha: the parameters double, the update shrinks by about √2; set alpha to 2r and it grows instead.',
    defaults: { module: 'model.layers.0.self_attn.q_proj', rank: 8, alpha: 16 },
    fields: [
      { name: 'module', label: 'Layer', type: 'select', options: modules },
      { name: 'rank', label: 'Rank r', type: 'select', numeric: true, options: [1, 2, 4, 8, 16, 32, 64, 128, 256].map((r) => ({ value: r, label: String(r) })) },
      { name: 'alpha', label: 'Alpha', type: 'number', min: 0.5, max: 512, step: 0.5 }
    ],
    draw(out, data, values, el) {
      const D = window.NluDemos;
      const select = out.closest('.demo').querySelector('select[data-field=module]');
      if (select && data.modules.join() !== [...select.options].map((o) => o.value).join()) {
        select.replaceChildren(...data.modules.map(option).map((o) => el('option', { value: o.value, text: o.label })));
        select.value = data.module;
      }
      const n = (x) => Number(x).toLocaleString('en');
      const pct = (a, b) => (100 * a / b).toFixed(2) + '%';
      const facts = el('dl', { class: 'demo-facts' },
        el('dt', { text: 'This layer' }), el('dd', { text: data.dOut + ' × ' + data.dIn + ' = ' + n(data.layerParams) + ' weights' }),
        el('dt', { text: 'LoRA trains' }), el('dd', { text: 'r (d_in + d_out) = ' + data.rank + ' × ' + (data.dIn + data.dOut) + ' = '
          + n(data.loraParams) + ' (' + pct(data.loraParams, data.layerParams) + ' of the layer)' }),
        el('dt', { text: 'On all ' + data.modules.length + ' projections' }), el('dd', { text: n(data.modelLoraParams) + ' of the model\'s ' + n(data.modelParams)
          + ' (' + pct(data.modelLoraParams, data.modelParams) + ')' }),
        el('dt', { text: 'Best rank-' + data.rank + ' approximation keeps' }), el('dd', { text: (100 * data.energyKept).toFixed(1) + '% of the layer\'s squared norm' }),
        el('dt', { text: 'Update after one Adam step' }), el('dd', { text: 'scale α/r = ' + D.fmt(data.scale, 3) + '; ‖ΔW‖ = '
          + data.updateNorm.toExponential(2) + ' against ‖W‖ = ' + D.fmt(data.weightNorm, 2) }));
      const energyBox = el('div', { class: 'demo-chart' });
      const updateBox = el('div', { class: 'demo-chart' });
      out.replaceChildren(facts, energyBox, updateBox, el('p', { class: 'demo-note', text: 'Update: B after one Adam step of learning rate 2e-4 (each entry moves by about the rate), A as LoRA initializes it; ‖ΔW‖ = ‖(α/r) B A‖.' }));
      const sv = data.singularValues;
      const total = sv.reduce((a, s) => a + s * s, 0);
      let acc = 0;
      const ranks = [], kept = [];
      sv.forEach((s, i) => { acc += s * s; ranks.push(i + 1); kept.push(acc / total); });
      const marker = ranks.map((r) => (r === data.rank ? kept[r - 1] : null));
      D.chart(energyBox, {
        height: 190,
        scales: { x: { time: false, distr: 3, log: 2 }, y: { range: [0, 1] } },
        axes: [{ label: 'rank r' }, { label: 'share kept' }],
        legend: { show: false },
        series: [{}, { label: 'kept', stroke: '#3451b2', width: 2, points: { show: false } },
          { label: 'your r', stroke: '#b42318', points: { show: true, size: 9, fill: '#b42318' } }]
      }, [ranks, kept, marker], 'Share of the layer\'s squared norm that the best rank-r matrix keeps, rising to 1 at rank '
        + sv.length + '; at r = ' + data.rank + ' it is ' + (100 * data.energyKept).toFixed(1) + '%.');
      D.chart(updateBox, {
        height: 170,
        scales: { x: { time: false, distr: 3, log: 2 }, y: { range: (u, lo, hi) => [0, hi * 1.1] } },
        axes: [{ label: 'rank r' }, { label: '‖ΔW‖', size: 60, values: (u, t) => t.map((v) => v.toExponential(1)) }],
        legend: { show: false },
        series: [{}, { label: '‖ΔW‖', stroke: '#8a5c00', width: 2, points: { show: true, size: 6 } }]
      }, [data.curveRanks, data.curveUpdateNorm], 'Size of the update after one step against the rank at alpha ' + data.alpha
        + ': from ' + data.curveUpdateNorm[0].toExponential(1) + ' at r = 1 to ' + data.curveUpdateNorm[data.curveUpdateNorm.length - 1].toExponential(1)
        + ' at r = ' + data.curveRanks[data.curveRanks.length - 1] + '.');
    }
  };
})();
