extension ConsoleAssets {
    static let coreJS = ConsoleAsset("core.js", #"""
// core.js — the console's small runtime: i18n, API calls, DOM building, pages and routing,
// live feeds. Pages import from here; nothing here knows about a particular page.

// ---------------------------------------------------------------------------------------
// i18n: Simplified Chinese first, English by the switch (remembered in localStorage).

const tables = { 'zh-CN': {}, en: {} };
let currentLang = (() => {
  try { return localStorage.getItem('courtyard.lang') === 'en' ? 'en' : 'zh-CN'; } catch { return 'zh-CN'; }
})();

/** Adds translations: `strings({ 'zh-CN': { 'agent.ready': '示闲' }, en: { 'agent.ready': 'Ready' } })`. */
export function strings(byLang) {
  for (const [l, table] of Object.entries(byLang)) Object.assign(tables[l] ??= {}, table);
}

export function lang() { return currentLang; }

export function setLang(l) {
  currentLang = l === 'en' ? 'en' : 'zh-CN';
  try { localStorage.setItem('courtyard.lang', currentLang); } catch { /* private mode */ }
  document.documentElement.lang = currentLang;
  for (const fn of langListeners) fn(currentLang);
}

const langListeners = [];
export function onLangChange(fn) { langListeners.push(fn); }

/** The text of `key` in the current language, with `{name}` placeholders filled from `vars`. */
export function t(key, vars) {
  let s = tables[currentLang]?.[key] ?? tables['zh-CN']?.[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] ?? m).toString());
  return s;
}

// ---------------------------------------------------------------------------------------
// API calls. Errors carry the API's message and the field it names.

export class ApiError extends Error {
  constructor(status, message, code, fields) {
    super(message);
    this.status = status;
    this.code = code ?? '';
    this.fields = fields ?? [];
    this.field = this.fields[0]?.field ?? null;
  }
}

let unauthorizedHandler = () => {};
export function onUnauthorized(fn) { unauthorizedHandler = fn; }

/** Calls the node's API; resolves to the parsed JSON (or null), throws `ApiError`. */
export async function api(method, path, body) {
  const options = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body instanceof FormData || body instanceof Blob || body instanceof ArrayBuffer) {
    options.body = body;
  } else if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch {
    throw new ApiError(0, t('core.unreachable'), 'unreachable');
  }
  const text = await response.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = text; } }
  if (!response.ok) {
    const e = data && typeof data === 'object' ? (data.error ?? data) : {};
    const message = e.message ?? (typeof data === 'string' && data ? data : t('core.httpError', { status: response.status }));
    const error = new ApiError(response.status, message, e.code, e.fields);
    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) unauthorizedHandler(error);
    throw error;
  }
  return data;
}

/** Like `api`, for text answers (CSV). */
export async function apiText(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  const text = await response.text();
  if (!response.ok) throw new ApiError(response.status, text || t('core.httpError', { status: response.status }));
  return text;
}

/** `path?k=v&...` from an object, skipping empty values. */
export function query(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

// ---------------------------------------------------------------------------------------
// DOM building. Text is always set as text: data from the API never becomes markup.

/**
 * `el('button', { class: 'primary', onclick: fn, 'data-testid': 'x' }, 'text', childNode, [more])`.
 * Attributes starting with `on` become listeners; `hidden`/`disabled`/`checked` booleans;
 * children may be strings, numbers, nodes, arrays, null or false (skipped).
 */
export function el(tag, attrs, ...children) {
  const node = tag === 'svg' || attrs?.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (k === 'svg' || v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'value' && 'value' in node) node.value = v;
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An SVG element (for charts). */
export function svg(tag, attrs, ...children) { return el(tag, { ...attrs, svg: true }, ...children); }

export function clear(node) { while (node.firstChild) node.firstChild.remove(); return node; }

/** Shows a short message at the bottom of the screen. */
export function toast(text, kind = 'info') {
  const box = document.getElementById('toasts');
  const item = el('div', { class: `toast ${kind}`, role: 'status', 'data-testid': 'toast' }, text);
  box.append(item);
  // At most three at a time: a burst of confirmations must not cover the page.
  while (box.children.length > 3) box.firstChild.remove();
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/**
 * Shows an API error on a form: the message next to the input the error names (by `name`),
 * else at the form's top. Clears earlier messages. Nothing was written (the API refused).
 */
export function formError(form, error) {
  for (const old of form.querySelectorAll('.field-error, .form-error')) old.remove();
  for (const bad of form.querySelectorAll('[aria-invalid]')) bad.removeAttribute('aria-invalid');
  if (!error) return;
  const message = error.message ?? String(error);
  const fieldName = error.field?.split('.').pop();
  const input = fieldName ? form.querySelector(`[name="${CSS.escape(fieldName)}"]`) : null;
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.after(el('div', { class: 'field-error', 'data-testid': 'field-error' }, message));
    input.focus();
  } else {
    form.prepend(el('div', { class: 'form-error', role: 'alert', 'data-testid': 'form-error' }, message));
  }
}

/** The values of a form's named inputs (trimmed strings; empty ones omitted). */
export function formValues(form) {
  const out = {};
  for (const input of form.querySelectorAll('[name]')) {
    if (input.type === 'checkbox') { out[input.name] = input.checked; continue; }
    const v = (input.value ?? '').trim();
    if (v !== '') out[input.name] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Formatting

export function fmtTime(ms) {
  if (ms === undefined || ms === null) return '—';
  const d = new Date(Number(ms));
  return d.toLocaleString(currentLang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function fmtClock(ms) {
  if (ms === undefined || ms === null) return '—';
  return new Date(Number(ms)).toLocaleTimeString(currentLang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}

export function fmtDuration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '—';
  const s = Math.max(0, Math.round(Number(ms) / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

export function fmtPercent(x) {
  return x === undefined || x === null || Number.isNaN(x) ? '—' : `${(Number(x) * 100).toFixed(1)}%`;
}

// ---------------------------------------------------------------------------------------
// Pages and routing: `#/<id>/<segments...>?<query>`.

const pages = new Map();
let session = { me: null };
let currentCleanup = null;

/** Registers a page (see docs/architecture.md, "Console"). */
export function registerPage(page) { pages.set(page.id, page); }
export function allPages() { return [...pages.values()]; }
export function me() { return session.me; }
export function setMe(m) { session.me = m; }

export function navigate(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

/** The current route: page id, path segments, query. */
export function currentRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, q] = raw.split('?');
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { id: segments[0] ?? '', segments: segments.slice(1), query: Object.fromEntries(new URLSearchParams(q ?? '')) };
}

let homeFor = () => 'login';
export function setHome(fn) { homeFor = fn; }

/** Renders the page of the current hash into `<main>`. */
export function route() {
  const view = document.getElementById('view');
  if (currentCleanup) { try { currentCleanup(); } catch { /* a page's cleanup must not stop routing */ } }
  currentCleanup = null;
  let { id, segments, query: q } = currentRoute();
  if (!session.me && id !== 'login') id = 'login';
  if (!id || !pages.has(id)) { location.replace(`#/${homeFor(session.me)}`); return; }
  const page = pages.get(id);
  if (page.roles && session.me && !page.roles.includes(session.me.role)) {
    clear(view).append(el('div', { class: 'panel', 'data-testid': 'forbidden' }, t('core.forbidden')));
    return;
  }
  clear(view);
  view.dataset.page = id;
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.page === id);
  try {
    const cleanup = page.render(view, { segments, query: q }, { me: session.me });
    if (typeof cleanup === 'function') currentCleanup = cleanup;
    else if (cleanup && typeof cleanup.then === 'function') cleanup.then((c) => { if (typeof c === 'function') currentCleanup = c; }, (e) => showPageError(view, e));
  } catch (e) {
    showPageError(view, e);
  }
}

export function showPageError(view, e) {
  view.append(el('div', { class: 'form-error', role: 'alert', 'data-testid': 'page-error' }, e?.message ?? String(e)));
}

/** Re-renders the current page (after a language switch). */
export function rerender() { route(); }

// ---------------------------------------------------------------------------------------
// Live feeds: server-sent events (`.../stream`) or WebSocket (`ws:` paths), reconnecting
// with backoff; the header's dot shows whether the feed is live.

/**
 * Opens a live feed at `path` and calls `onMessage(parsedJSON)` for each message.
 * `kind` is 'sse' (EventSource) or 'ws'. Returns a function that closes it.
 */
export function live(path, onMessage, kind = 'sse', onState = () => {}) {
  let closed = false, source = null, attempt = 0, timer = null;
  const status = document.getElementById('live-status');
  const setState = (s) => {
    if (status) { status.dataset.state = s; status.title = t(`core.live.${s}`); }
    onState(s);
  };
  const schedule = () => {
    if (closed) return;
    setState('reconnecting');
    const wait = Math.min(30000, 500 * 2 ** Math.min(attempt++, 6));
    timer = setTimeout(open, wait);
  };
  const deliver = (data) => {
    let parsed;
    try { parsed = JSON.parse(data); } catch { return; }
    try { onMessage(parsed); } catch (e) { console.error(e); }
  };
  function open() {
    if (closed) return;
    if (kind === 'ws') {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
      const ws = new WebSocket(url);
      source = ws;
      ws.onopen = () => { attempt = 0; setState('live'); };
      ws.onmessage = (m) => deliver(m.data);
      ws.onclose = () => { source = null; schedule(); };
    } else {
      const es = new EventSource(path, { withCredentials: true });
      source = es;
      es.onopen = () => { attempt = 0; setState('live'); };
      es.onmessage = (m) => deliver(m.data);
      es.onerror = () => { es.close(); source = null; schedule(); };
    }
  }
  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    if (source) source.close();
    setState('off');
  };
}

// ---------------------------------------------------------------------------------------
// Small building blocks shared by pages.

/** A labelled input (a select when `tag` is 'select', with `attrs.options` as [value, text] pairs). */
export function field(name, label, attrs = {}, tag = 'input') {
  const id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const input = tag === 'select' ? el('select', { name, id, ...attrs }, ...(attrs.options ?? []).map(([v, text]) => el('option', { value: v }, text)))
    : el(tag, { name, id, ...attrs, options: undefined });
  return el('label', { class: 'field', for: id }, el('span', {}, label), input);
}

/** A table: header texts, rows of cells (strings or nodes); opts: testid, rowTestid(i), onRow(i). */
export function table(headers, rows, opts = {}) {
  return el('table', { class: 'grid', 'data-testid': opts.testid },
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.length ? rows.map((r, i) => el('tr', { 'data-testid': opts.rowTestid ? opts.rowTestid(i) : undefined, onclick: opts.onRow ? () => opts.onRow(i) : undefined, class: opts.onRow ? 'clickable' : undefined },
      r.map((c) => el('td', {}, c)))) : el('tr', {}, el('td', { colspan: headers.length, class: 'muted' }, t('core.none')))));
}

/** A labelled figure (dashboards, reports). */
export function figure(label, value, testid, extra) {
  return el('div', { class: 'figure', 'data-testid': testid }, el('div', { class: 'figure-value' }, value), el('div', { class: 'figure-label' }, label), extra ?? null);
}

strings({
  'zh-CN': {
    'core.unreachable': '无法连接节点，请检查网络。',
    'core.httpError': '请求失败（{status}）',
    'core.forbidden': '您的角色无权查看此页面。',
    'core.none': '暂无数据',
    'core.loading': '加载中…',
    'core.save': '保存',
    'core.cancel': '取消',
    'core.search': '搜索',
    'core.refresh': '刷新',
    'core.back': '返回',
    'core.live.live': '实时连接正常',
    'core.live.reconnecting': '实时连接中断，正在重连…',
    'core.live.off': '未连接',
    'core.logout': '退出',
    'core.role.agent': '坐席',
    'core.role.technician': '维修师傅',
    'core.role.site_supervisor': '现场主管',
    'core.role.hq_analyst': '总部分析',
    'core.role.admin': '管理员',
  },
  en: {
    'core.unreachable': 'Cannot reach the node; check the network.',
    'core.httpError': 'Request failed ({status})',
    'core.forbidden': 'Your role may not see this page.',
    'core.none': 'Nothing yet',
    'core.loading': 'Loading…',
    'core.save': 'Save',
    'core.cancel': 'Cancel',
    'core.search': 'Search',
    'core.refresh': 'Refresh',
    'core.back': 'Back',
    'core.live.live': 'Live',
    'core.live.reconnecting': 'Live feed lost, reconnecting…',
    'core.live.off': 'Not connected',
    'core.logout': 'Sign out',
    'core.role.agent': 'Agent',
    'core.role.technician': 'Technician',
    'core.role.site_supervisor': 'Site supervisor',
    'core.role.hq_analyst': 'HQ analyst',
    'core.role.admin': 'Administrator',
  },
});
"""#)
}
