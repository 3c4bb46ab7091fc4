// A job's page, live: follows /jobs/{id}/events (server-sent events) until the job ends, updating the
// state, progress, metrics, log and loss curve in place. No inline scripts: the CSP forbids them.
// The metrics and loss chart are always in the page (hidden until a metric arrives), so nothing here looks for
// an element that is not there.
(() => {
  const root = document.getElementById('job');
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const MAX_LOG_LINES = 500;
  const steps = [];
  const losses = [];
  const devLosses = []; // null on the steps where the job measured no dev loss
  let chart = null;
  let firstUpdate = true;

  const fmt = {
    step: (p) => p.step ?? '',
    loss: (p) => (typeof p.loss === 'number' ? p.loss.toFixed(4) : ''),
    lr: (p) => (typeof p.lr === 'number' ? p.lr.toExponential(2) : ''),
    tokensPerS: (p) => (typeof p.tokens_per_s === 'number' ? Math.round(p.tokens_per_s).toString() : ''),
    memory: (p) => (typeof p.rss_bytes === 'number' ? bytes(p.rss_bytes) : ''),
  };

  function bytes(b) {
    if (b >= 2 ** 30) return (b / 2 ** 30).toFixed(1) + ' GiB';
    if (b >= 2 ** 20) return (b / 2 ** 20).toFixed(1) + ' MiB';
    if (b >= 2 ** 10) return (b / 2 ** 10).toFixed(1) + ' KiB';
    return b + ' B';
  }

  // A kind that trains several models in one job (a study) labels each metrics line with its run: each run is
  // then its own curve (loss and, where measured, dev loss) over the same steps.
  const runs = []; // run names in the order they first appear
  const byRun = new Map(); // run -> {loss: Map(step -> loss), dev: Map(step -> dev loss)}
  const PALETTE = ['#3451b2', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#475569'];
  const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4]]; // a run told apart by its line too, not by colour alone

  function seriesOptions() {
    if (runs.length === 0) {
      return [{ label: 'step' }, { label: 'loss', stroke: '#3451b2', width: 2 }, // uPlot marks points while they are few
        { label: 'dev loss', stroke: '#c2410c', width: 2, spanGaps: true, points: { show: true } }];
    }
    const out = [{ label: 'step' }];
    runs.forEach((r, i) => {
      const stroke = PALETTE[i % PALETTE.length];
      const dash = DASHES[i % DASHES.length];
      out.push({ label: r, stroke, width: 2, dash });
      out.push({ label: r + ' dev loss', stroke, width: 1, dash: [1, 3], spanGaps: true, points: { show: true, size: 5 } });
    });
    return out;
  }

  function chartData() {
    if (runs.length === 0) return [steps, losses, devLosses];
    const xs = [...new Set(runs.flatMap((r) => [...byRun.get(r).loss.keys()]))].sort((a, b) => a - b);
    const data = [xs];
    for (const r of runs) {
      const c = byRun.get(r);
      data.push(xs.map((x) => (c.loss.has(x) ? c.loss.get(x) : null)));
      data.push(xs.map((x) => (c.dev.has(x) ? c.dev.get(x) : null)));
    }
    return data;
  }

  function lossChart() {
    const el = $('loss-chart');
    if (typeof uPlot === 'undefined' || steps.length === 0) return chart;
    const wanted = seriesOptions().length;
    if (chart && chart.series.length === wanted) return chart;
    if (chart) { chart.destroy(); el.replaceChildren(); } // a new run appeared: one more curve
    el.classList.add('has-data');
    $('loss-empty').classList.add('hidden');
    chart = new uPlot({
      width: Math.max(280, el.clientWidth), height: runs.length > 1 ? 300 : 220,
      scales: { x: { time: false } },
      legend: { show: true, live: false },
      axes: [{ label: 'step', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] }, { label: 'loss', size: 60 }],
      series: seriesOptions(),
    }, chartData(), el);
    if (!resizing) {
      resizing = true;
      window.addEventListener('resize', () => chart.setSize({ width: Math.max(280, el.clientWidth), height: runs.length > 1 ? 300 : 220 }));
    }
    return chart;
  }
  let resizing = false;

  // The curve in words, for those who cannot see the chart: where the loss started, ended and was lowest; a study's
  // runs as a table (first, last and lowest loss, last dev loss), one row a run.
  function describeLoss() {
    const out = $('loss-summary');
    if (!out || losses.length === 0) return;
    if (runs.length === 0) {
      let low = 0;
      losses.forEach((l, i) => { if (l < losses[low]) low = i; });
      const at = (i) => losses[i].toFixed(4) + ' at step ' + steps[i];
      out.textContent = 'Loss from ' + at(0) + ' to ' + at(losses.length - 1) + '; lowest ' + at(low) + '.';
      return;
    }
    const table = document.createElement('table');
    table.className = 'data runs-loss';
    const caption = document.createElement('caption');
    caption.textContent = 'The curves as numbers: each run\'s loss';
    const head = document.createElement('tr');
    for (const h of ['Run', 'First loss', 'Last loss', 'Lowest loss', 'Last dev loss']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    const thead = document.createElement('thead');
    thead.append(head);
    const body = document.createElement('tbody');
    for (const r of runs) {
      const c = byRun.get(r);
      const ls = [...c.loss.entries()].sort((a, b) => a[0] - b[0]);
      const ds = [...c.dev.entries()].sort((a, b) => a[0] - b[0]);
      const low = ls.reduce((m, e) => (e[1] < m[1] ? e : m), ls[0]);
      const cell = (e) => (e ? e[1].toFixed(4) + ' (step ' + e[0] + ')' : '');
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = r;
      tr.append(th);
      for (const v of [cell(ls[0]), cell(ls[ls.length - 1]), cell(low), cell(ds[ds.length - 1])]) {
        const td = document.createElement('td');
        td.className = 'num';
        td.textContent = v;
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(caption, thead, body);
    const wrap = document.createElement('div');
    wrap.className = 'table-scroll';
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', 'Loss by run');
    wrap.append(table);
    out.replaceChildren(wrap);
  }

  function apply(u) {
    const state = $('job-state');
    state.textContent = u.stateLabel;
    state.className = 'pill state-' + u.state.toLowerCase().replace('_', '-');
    root.dataset.state = u.state;
    $('job-queue').textContent = u.queuePosition ? 'Position ' + u.queuePosition + ' in the queue' : '';
    $('job-eta').textContent = u.eta && u.state === 'RUNNING' ? 'about ' + u.eta + ' left' : '';
    if (typeof u.progress === 'number') {
      const pct = Math.round(u.progress * 100);
      $('job-progress').value = pct;
      $('job-progress-text').textContent = pct + ' %';
    }
    if (u.started) $('job-started').textContent = u.started;
    if (u.finished) $('job-finished').textContent = u.finished;
    if (u.peakMemory) $('job-peak').textContent = ', peak ' + u.peakMemory;
    if (u.exitReason) {
      $('job-exit').textContent = u.exitReason;
      $('job-exit').classList.remove('hidden');
    }

    const log = $('job-log');
    if (firstUpdate) { // each connection starts with the log's end and every point so far: replace, never append twice
      log.textContent = '';
      steps.length = 0;
      losses.length = 0;
      devLosses.length = 0;
      runs.length = 0;
      byRun.clear();
    }
    if (u.log.length) {
      const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
      const lines = (log.textContent ? log.textContent.split('\n') : []).concat(u.log);
      log.textContent = lines.slice(-MAX_LOG_LINES).join('\n');
      if (atBottom) log.scrollTop = log.scrollHeight;
    }

    if (u.metrics.length || firstUpdate) {
      const last = u.metrics[u.metrics.length - 1];
      if (last) {
        $('job-training').classList.remove('hidden'); // kinds that do not train (BM25) never show an empty chart
        document.querySelectorAll('#job-metrics [data-metric]').forEach((td) => {
          td.textContent = fmt[td.dataset.metric](last);
        });
      }
      for (const p of u.metrics) {
        if (typeof p.loss === 'number' && typeof p.step === 'number') {
          steps.push(p.step);
          losses.push(p.loss);
          devLosses.push(typeof p.eval_loss === 'number' ? p.eval_loss : null);
          if (typeof p.run === 'string') {
            if (!byRun.has(p.run)) { runs.push(p.run); byRun.set(p.run, { loss: new Map(), dev: new Map() }); }
            byRun.get(p.run).loss.set(p.step, p.loss);
            if (typeof p.eval_loss === 'number') byRun.get(p.run).dev.set(p.step, p.eval_loss);
          }
        }
        if (typeof p.eval_loss === 'number') { // a kind that measures a dev loss: its latest value beside the others
          $('job-dev-loss').textContent = p.eval_loss.toFixed(4);
          $('job-dev-loss-row').classList.remove('hidden');
        }
      }
      if (lossChart()) chart.setData(chartData());
      $('loss-chart').dataset.points = steps.length;
    }
    describeLoss();
    firstUpdate = false;
  }

  function showArtefacts(list) {
    const ul = $('job-artefacts');
    ul.replaceChildren();
    for (const a of list) {
      const li = document.createElement('li');
      const link = document.createElement('a');
      link.href = root.dataset.events.replace(/events$/, 'artefacts/' + encodeURIComponent(a.name));
      link.textContent = a.name;
      link.setAttribute('download', '');
      const size = document.createElement('span');
      size.className = 'muted';
      size.textContent = ' ' + a.size;
      li.append(link, size);
      ul.append(li);
    }
    $('job-no-artefacts').classList.toggle('hidden', list.length > 0);
  }

  function showSummary(rows) { // what the job reported when it ended (e.g. a fine-tuning run's merge check)
    const body = $('job-summary-rows');
    body.replaceChildren();
    for (const r of rows) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = r.name;
      const td = document.createElement('td');
      td.textContent = r.value;
      tr.append(th, td);
      body.append(tr);
    }
    $('job-summary').classList.toggle('hidden', rows.length === 0);
  }

  function showTable(t) { // a table the job reported (a study's methods x bits), the first cell of a row its heading
    if (!t || !Array.isArray(t.columns) || t.columns.length === 0) return;
    $('job-table-caption').textContent = t.caption || '';
    const head = $('job-table-head');
    head.replaceChildren(...t.columns.map((c) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c;
      return th;
    }));
    $('job-table-rows').replaceChildren(...t.rows.map((r) => {
      const tr = document.createElement('tr');
      r.forEach((cell, i) => {
        const c = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) c.scope = 'row';
        c.textContent = cell;
        tr.append(c);
      });
      return tr;
    }));
    $('job-table').classList.remove('hidden');
  }

  const events = new EventSource(root.dataset.events);
  events.addEventListener('update', (e) => apply(JSON.parse(e.data)));
  events.addEventListener('done', (e) => {
    events.close(); // otherwise EventSource reconnects when the server closes the stream
    const u = JSON.parse(e.data);
    apply(u);
    showArtefacts(u.artefacts || []);
    showSummary(u.summary || []);
    showTable(u.table);
    const cancel = $('job-cancel');
    if (cancel) cancel.remove();
    root.dataset.live = 'ended';
  });
  events.addEventListener('open', () => { // also after EventSource reconnects by itself (server restarted)
    firstUpdate = true;
    root.dataset.live = 'following';
  });
})();
