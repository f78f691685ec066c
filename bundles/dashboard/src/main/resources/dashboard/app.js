// daqhub dashboard: one EventSource per tab carries every live series; details and control go through the REST API.
import uPlot from './uplot/uPlot.esm.js';

const HISTORY = 240; // points kept per series (2 minutes at the default 500 ms)
const PLOTTED = new Set(['driver', 'store', 'bus', 'link']);
const times = [];
const series = new Map(); // "kind/instance" -> {fps: [], mbps: []}
let charts = { fps: null, mbps: null };
let plottedKeys = '';
let selected = null;
let latest = [];

const $ = (sel, root = document) => root.querySelector(sel);
const fmt = (x, digits = 1) => (x === undefined || x === null) ? '' : Number(x).toLocaleString('en', { maximumFractionDigits: digits });

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}

function chart(target, keys, label) {
  const width = Math.max(360, Math.min(720, (window.innerWidth - 64) / 2));
  const opts = {
    width, height: 220,
    scales: { x: { time: true } },
    series: [{}, ...keys.map((k, i) => ({ label: k, stroke: `hsl(${(i * 67) % 360} 65% 42%)`, width: 1.5,
      value: (u, v) => v === null ? '' : fmt(v, 2) }))],
    axes: [{}, { label, size: 60 }],
  };
  target.textContent = '';
  return new uPlot(opts, [[], ...keys.map(() => [])], target);
}

function plot() {
  const keys = [...series.keys()].sort();
  const joined = keys.join('|');
  if (joined !== plottedKeys) { // the set of series changed: new charts, their history kept
    plottedKeys = joined;
    charts.fps = chart($('#chart-fps'), keys, 'frames/s');
    charts.mbps = chart($('#chart-mbps'), keys, 'MB/s');
  }
  const t = times.map(x => x / 1000);
  charts.fps.setData([t, ...keys.map(k => series.get(k).fps)]);
  charts.mbps.setData([t, ...keys.map(k => series.get(k).mbps)]);
}

function record(snapshot) {
  times.push(snapshot.time);
  const seen = new Set();
  for (const i of snapshot.instances) {
    if (!PLOTTED.has(i.kind)) continue;
    const key = `${i.kind}/${i.instance}`;
    seen.add(key);
    if (!series.has(key)) series.set(key, { fps: times.slice(1).map(() => null), mbps: times.slice(1).map(() => null) });
    const s = series.get(key);
    s.fps.push(i.framesPerSecond);
    s.mbps.push(i.bytesPerSecond / 1e6);
  }
  for (const [key, s] of series) {
    if (!seen.has(key)) { s.fps.push(null); s.mbps.push(null); }
  }
  if (times.length > HISTORY) {
    times.shift();
    for (const s of series.values()) { s.fps.shift(); s.mbps.shift(); }
  }
}

const rows = new Map(); // "kind/instance" -> its <tr>, kept across ticks so a click never lands on a replaced row

function row(i) {
  const tr = el('tr', { 'data-instance': i.instance, 'data-kind': i.kind },
    el('td', {}, i.kind), el('td', {}, i.instance), el('td', { class: 'state' }), el('td', { class: 'num fps' }),
    el('td', { class: 'num mbps' }), el('td', { class: 'num frames' }), el('td', { class: 'num restarts' }),
    el('td', { class: 'num dropped' }), el('td', { class: 'num queue' }), el('td', { class: 'num spooled' }),
    el('td', { class: 'error' }));
  tr.addEventListener('click', () => open(i.kind, i.instance));
  return tr;
}

function table(instances) {
  const body = $('#instances tbody');
  const seen = new Set();
  const ordered = instances.map(i => {
    const key = `${i.kind}/${i.instance}`;
    seen.add(key);
    if (!rows.has(key)) rows.set(key, row(i));
    const tr = rows.get(key);
    const state = $('.state', tr);
    state.textContent = i.state;
    state.className = 'state state-' + i.state;
    $('.fps', tr).textContent = fmt(i.framesPerSecond);
    $('.mbps', tr).textContent = fmt(i.bytesPerSecond / 1e6, 3);
    $('.frames', tr).textContent = fmt(i.frames, 0);
    $('.restarts', tr).textContent = fmt(i.restarts, 0);
    $('.dropped', tr).textContent = fmt(i.dropped, 0);
    $('.queue', tr).textContent = fmt(i.queueDepth, 0);
    $('.spooled', tr).textContent = fmt(i.spooled, 0);
    const error = $('.error', tr);
    error.textContent = i.lastError || '';
    error.title = i.lastError || '';
    tr.classList.toggle('selected', !!selected && selected.instance === i.instance && selected.kind === i.kind);
    return tr;
  });
  for (const key of [...rows.keys()]) {
    if (!seen.has(key)) { rows.get(key).remove(); rows.delete(key); }
  }
  ordered.forEach((tr, n) => { if (body.children[n] !== tr) body.insertBefore(tr, body.children[n] || null); });
}

function errors(instances) {
  const list = instances.filter(i => i.lastError).map(i => el('li', {}, el('b', {}, `${i.kind} ${i.instance}: `), i.lastError));
  $('#errors').replaceChildren(...(list.length ? list : [el('li', { class: 'none' }, 'none')]));
}

function details() {
  if (!selected) return;
  const i = latest.find(x => x.instance === selected.instance && x.kind === selected.kind);
  const d = $('#details');
  if (!i) { $('dl.fields', d).replaceChildren(el('dt', {}, 'state'), el('dd', { class: 'state' }, 'gone')); return; }
  const fields = [['kind', i.kind], ['type', i.type], ['state', i.state], ['frames', fmt(i.frames, 0)],
    ['bytes', fmt(i.bytes, 0)], ['frames/s', fmt(i.framesPerSecond)], ['MB/s', fmt(i.bytesPerSecond / 1e6, 3)],
    ['restarts', fmt(i.restarts, 0)], ['dropped', fmt(i.dropped, 0)], ['queue', fmt(i.queueDepth, 0)],
    ['spooled', fmt(i.spooled, 0)], ['latency p50 / p95 / p99 ms', `${fmt(i.p50Millis, 2)} / ${fmt(i.p95Millis, 2)} / ${fmt(i.p99Millis, 2)}`],
    ...Object.entries(i.counters || {}).map(([k, v]) => [k, fmt(v, 0)]), ['last error', i.lastError || '']];
  $('dl.fields', d).replaceChildren(...fields.flatMap(([k, v]) =>
    [el('dt', {}, k), el('dd', { class: k === 'state' ? 'state state-' + v : '' }, String(v))]));
}

async function open(kind, instance) {
  selected = { kind, instance };
  const d = $('#details');
  d.hidden = false;
  $('.name', d).textContent = `${kind} ${instance}`;
  $('.answer', d).textContent = '';
  details();
  table(latest);
  const asked = selected;
  const r = await fetch(`../api/v1/instances/${encodeURIComponent(instance)}?kind=${encodeURIComponent(kind)}`);
  if (selected !== asked) return; // another instance was clicked meanwhile: its answer is the one to show
  const cfg = $('table.config tbody', d);
  if (!r.ok) { cfg.replaceChildren(el('tr', {}, el('td', {}, `no configuration (${r.status})`))); return; }
  const body = await r.json();
  const entries = Object.entries(body.configuration || {});
  cfg.replaceChildren(...(entries.length ? entries.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, String(v))))
    : [el('tr', {}, el('td', {}, 'none (a built-in part)'))]));
}

async function control(action) {
  if (!selected) return;
  const answer = $('#details .answer');
  answer.className = 'answer';
  answer.textContent = `${action}…`;
  const r = await fetch(`../api/v1/instances/${encodeURIComponent(selected.instance)}/${action}?kind=${encodeURIComponent(selected.kind)}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  const body = await r.json().catch(() => ({}));
  answer.textContent = r.ok ? `${action}: ${body.state || 'done'}` : `${action} refused (${r.status}): ${body.error || ''}`;
  if (!r.ok) answer.className = 'answer error';
}

const installed = { alerts: false, worksets: false, runs: false };

async function getJson(url) {
  const r = await fetch(url).catch(() => null);
  return r && r.ok ? r.json() : null;
}

// what the parts installed here add to the page, asked for every 10 s (the stream carries the fast-moving counters)
async function panels() {
  if (installed.alerts) {
    const alerts = await getJson('../api/v1/alerts');
    const silences = await getJson('../api/v1/silences');
    $('#alerts-section').hidden = false;
    const a = (Array.isArray(alerts) ? alerts : []).map(x => el('li', { class: 'alert-' + x.severity },
      el('b', {}, `${x.severity} `), `${x.subject} (since ${new Date(x.since).toLocaleString()})`));
    $('#alerts').replaceChildren(...(a.length ? a : [el('li', { class: 'none' }, 'none')]));
    const sl = (Array.isArray(silences) ? silences : []).map(x => el('li', {}, Object.entries(x.matchers || {})
      .map(([k, v]) => `${k}=${v.join(',')}`).join(' ') + ` until ${new Date(x.ends_at).toLocaleString()} by ${x.created_by}`
      + (x.comment ? `: ${x.comment}` : '')));
    $('#silences').replaceChildren(...(sl.length ? sl : [el('li', { class: 'none' }, 'none')]));
  }
  if (installed.worksets) {
    const q = await getJson('../api/v1/queue/stats');
    if (q) {
      $('#worksets-section').hidden = false;
      const rows = Object.entries(q.queue_depth || {}).map(([state, n]) => el('tr', {}, el('th', {}, state), el('td', { class: 'num' }, fmt(n, 0))));
      rows.push(el('tr', {}, el('th', {}, 'leased (locked)'), el('td', { class: 'num' }, fmt(q.leased, 0))));
      $('#worksets tbody').replaceChildren(...rows);
    }
  }
  if (installed.runs) {
    const runs = await getJson('../api/v1/runs?limit=5');
    if (Array.isArray(runs)) {
      $('#runs-section').hidden = false;
      $('#runs tbody').replaceChildren(...runs.map(r => el('tr', {}, el('td', {}, String(r.run_number)),
        el('td', {}, r.start_time || ''), el('td', {}, r.end_time || 'running'))));
    }
  }
}

const LOG_KEPT = 300;
const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];
const logLines = [];

function showLog() {
  const max = LEVELS.indexOf($('#log-level').value);
  const list = $('#log');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  list.replaceChildren(...logLines.filter(l => LEVELS.indexOf(l.level) <= max).map(l =>
    el('li', { class: l.level, 'data-level': l.level }, `${new Date(l.time).toLocaleTimeString()} ${l.level.padEnd(5)} `
      + `${(l.logger || '').split('.').pop()}: ${l.message}`)));
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function connect() {
  const status = $('#connection');
  const source = new EventSource('stream');
  let reconnected = false;
  source.addEventListener('open', () => { status.textContent = 'live'; status.className = 'state-connected'; reconnected = true; });
  source.addEventListener('error', () => { status.textContent = 'reconnecting…'; status.className = 'state-lost'; });
  source.addEventListener('log', e => {
    if (reconnected) { logLines.length = 0; reconnected = false; } // a new stream starts with the recent lines again
    logLines.push(...JSON.parse(e.data));
    logLines.splice(0, Math.max(0, logLines.length - LOG_KEPT));
    showLog();
  });
  source.addEventListener('status', e => {
    const snapshot = JSON.parse(e.data);
    latest = snapshot.instances;
    let changed = false;
    for (const k of Object.keys(installed)) {
      if (snapshot[k] && !installed[k]) { installed[k] = true; changed = true; }
    }
    if (changed) panels();
    record(snapshot);
    plot();
    table(latest);
    errors(latest);
    details();
    $('#updated').textContent = new Date(snapshot.time).toLocaleTimeString();
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  });
}

$('#log-level').addEventListener('change', showLog);
$('#details .close').addEventListener('click', () => { selected = null; $('#details').hidden = true; table(latest); });
for (const b of document.querySelectorAll('#details [data-action]')) b.addEventListener('click', () => control(b.dataset.action));
connect();
setInterval(panels, 10000);
