extension ConsoleAssets {
    static let lookupJS = ConsoleAsset("lookup.js", #"""
// lookup.js — finding residents, rooms, fixtures and suppliers (a phone number shows its screen
// pop), and searching the case library (案例库). Panels used by the agent desktop and the page #/lookup.
import { api, t, el, strings, registerPage, query, table, fmtTime, formError, navigate } from './core.js';
import { statusBadge } from './ticket.js';

strings({
  'zh-CN': {
    'lookup.nav': '查询', 'lookup.title': '查询', 'lookup.placeholder': '姓名、电话、房间编号、楼栋…', 'lookup.submit': '查询',
    'lookup.kind.resident': '业主', 'lookup.kind.room': '房间/楼栋', 'lookup.kind.fixture': '设施设备', 'lookup.kind.supplier': '供应商',
    'lookup.name': '姓名', 'lookup.phones': '电话', 'lookup.rooms': '房间', 'lookup.role': '身份', 'lookup.arrears': '欠费',
    'lookup.tickets': '工单', 'lookup.fixtures': '设施设备', 'lookup.supplier': '供应商', 'lookup.warranty': '保修期至',
    'lookup.location': '位置', 'lookup.trade': '行业', 'lookup.contact': '联系人', 'lookup.residents': '住户', 'lookup.note': '备注',
    'lookup.newTicket': '新建工单', 'lookup.nothing': '没有找到匹配的记录。', 'lookup.building': '楼栋', 'lookup.room': '房间',
    'lookup.cases': '案例库', 'lookup.caseQuery': '症状或关键词，如：漏水', 'lookup.symptom': '现象', 'lookup.solution': '处理方法',
    'lookup.tags': '标签', 'lookup.lastAgent': '上次接待坐席',
    'role.owner': '业主', 'role.tenant': '租户', 'role.family': '家属',
  },
  en: {
    'lookup.nav': 'Lookup', 'lookup.title': 'Lookup', 'lookup.placeholder': 'Name, phone, room id, building…', 'lookup.submit': 'Find',
    'lookup.kind.resident': 'Resident', 'lookup.kind.room': 'Room / building', 'lookup.kind.fixture': 'Fixture', 'lookup.kind.supplier': 'Supplier',
    'lookup.name': 'Name', 'lookup.phones': 'Phones', 'lookup.rooms': 'Rooms', 'lookup.role': 'Role', 'lookup.arrears': 'Arrears',
    'lookup.tickets': 'Tickets', 'lookup.fixtures': 'Fixtures', 'lookup.supplier': 'Supplier', 'lookup.warranty': 'Warranty until',
    'lookup.location': 'Location', 'lookup.trade': 'Trade', 'lookup.contact': 'Contact', 'lookup.residents': 'Residents', 'lookup.note': 'Note',
    'lookup.newTicket': 'New ticket', 'lookup.nothing': 'No matching record.', 'lookup.building': 'Building', 'lookup.room': 'Room',
    'lookup.cases': 'Case library', 'lookup.caseQuery': 'Symptom or keyword, e.g. leak', 'lookup.symptom': 'Symptom', 'lookup.solution': 'Solution',
    'lookup.tags': 'Tags', 'lookup.lastAgent': 'Last agent',
    'role.owner': 'Owner', 'role.tenant': 'Tenant', 'role.family': 'Family',
  },
});

/** Loads agent.css once (the desk, lookup and ticket forms; the CSP allows only this node's files). */
export function pageStyles() {
  if (!document.querySelector('link[data-page-css="agent"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/console/agent.css', 'data-page-css': 'agent' }));
  }
}

/** Money in cents as yuan. */
export function yuan(cents) { return `¥${(Number(cents ?? 0) / 100).toFixed(2)}`; }

/** A room's label: building-unit-number. */
export function roomLabel(r) { return [r.building, r.unit, r.number].filter(Boolean).join('-'); }

const isPhone = (q) => /^[+\d][\d\s()-]{4,}$/.test(q);

/** `newTicket(prefill)` opens the intake form (the agent desktop passes its own). */
function residentCards(residents, newTicket) {
  if (!residents.length) return el('p', { class: 'muted' }, t('lookup.nothing'));
  return residents.map((card) => {
    const r = card.resident ?? card;
    const rooms = card.rooms ?? [];
    return el('div', { class: 'card', 'data-testid': `lookup-resident-${r.id}` },
      el('div', { class: 'row' }, el('strong', {}, r.name), el('span', { class: 'muted' }, (r.phones ?? []).join(' / ')),
        newTicket ? el('button', { type: 'button', 'data-testid': `lookup-new-ticket-${r.id}`,
          onclick: () => newTicket({ residentID: r.id, roomID: rooms[0]?.room?.id, callerPhone: r.phones?.[0], rooms: rooms.map((m) => m.room.id) }) },
        t('lookup.newTicket')) : null),
      r.note ? el('div', { class: 'muted small' }, r.note) : null,
      rooms.length ? table([t('lookup.room'), t('lookup.role'), t('lookup.arrears')], rooms.map((m) =>
        [el('a', { href: `#/lookup?kind=room&q=${encodeURIComponent(m.room.id)}` }, `${roomLabel(m.room)} (${m.room.id})`),
          t(`role.${m.role}`), yuan(m.room.arrearsCents)])) : null,
      card.openTickets?.length ? ticketList(card.openTickets) : null);
  });
}

function ticketList(tickets) {
  return table([t('tickets.number'), t('tickets.subject'), t('tickets.status'), t('tickets.created')],
    tickets.map((x) => [el('a', { href: `#/ticket/${encodeURIComponent(x.id)}` }, x.number), x.title, statusBadge(x.status), fmtTime(x.createdAtMs)]));
}

async function findResidents(q, newTicket) {
  if (isPhone(q)) {
    const found = await api('GET', `/api/v1/residents/by-phone/${encodeURIComponent(q.replace(/[\s()-]/g, '')).replace(/%2B/gi, '+')}`);
    return residentCards(found.residents, newTicket);
  }
  const found = await api('GET', query('/api/v1/search', { q, limit: 20 }));
  const details = await Promise.all(found.residents.map((r) => api('GET', `/api/v1/residents/${encodeURIComponent(r.id)}`).catch(() => ({ resident: r, rooms: [] }))));
  return residentCards(details, newTicket);
}

async function findRooms(q) {
  try {
    const d = await api('GET', `/api/v1/rooms/${encodeURIComponent(q)}`);
    return [el('h3', {}, `${roomLabel(d.room)} (${d.room.id})`),
      el('p', {}, `${t('lookup.arrears')}: ${yuan(d.room.arrearsCents)}`),
      table([t('lookup.residents'), t('lookup.role'), t('lookup.phones')], d.residents.map((m) => [m.resident.name, t(`role.${m.role}`), (m.resident.phones ?? []).join(' / ')])),
      el('h4', {}, t('lookup.fixtures')), fixtureTable(d.fixtures)];
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  const rooms = await api('GET', query('/api/v1/rooms', { building: q, limit: 200 }));
  return table([t('lookup.room'), t('lookup.building'), t('lookup.arrears')], rooms.map((r) =>
    [el('a', { href: `#/lookup?kind=room&q=${encodeURIComponent(r.id)}` }, r.id), roomLabel(r), yuan(r.arrearsCents)]));
}

function fixtureTable(fixtures) {
  return table([t('lookup.fixtures'), t('lookup.location'), t('lookup.supplier'), t('lookup.warranty')], fixtures.map((f) =>
    [f.name, f.location ?? '—', f.supplierID ? el('a', { href: `#/lookup?kind=supplier&q=${encodeURIComponent(f.supplierID)}` }, f.supplierID) : '—', f.warrantyEnd ?? '—']));
}

async function findFixture(q) {
  const f = await api('GET', `/api/v1/fixtures/${encodeURIComponent(q)}`);
  const supplier = f.supplierID ? await api('GET', `/api/v1/suppliers/${encodeURIComponent(f.supplierID)}`).catch(() => null) : null;
  return [fixtureTable([f]), supplier ? supplierTable([supplier]) : null];
}

function supplierTable(list) {
  return table([t('lookup.supplier'), t('lookup.trade'), t('lookup.contact'), t('lookup.phones')],
    list.map((s) => [`${s.name} (${s.id})`, s.trade, s.contact ?? '—', s.phone ? el('a', { href: `tel:${s.phone}` }, s.phone) : '—']));
}

async function findSuppliers(q) {
  const all = await api('GET', query('/api/v1/suppliers', { limit: 500 }));
  const needle = q.toLowerCase();
  return supplierTable(all.filter((s) => [s.id, s.name, s.trade, s.contact].some((v) => (v ?? '').toLowerCase().includes(needle))));
}

/** The lookup panel: `lookup-kind`, `lookup-query`, `lookup-submit`, results in `lookup-results`. */
export function lookupPanel(newTicket, initial = {}) {
  const results = el('div', { 'data-testid': 'lookup-results', class: 'results' });
  const kind = el('select', { name: 'kind', 'data-testid': 'lookup-kind' },
    ['resident', 'room', 'fixture', 'supplier'].map((k) => el('option', { value: k, selected: initial.kind === k }, t(`lookup.kind.${k}`))));
  const q = el('input', { name: 'q', 'data-testid': 'lookup-query', placeholder: t('lookup.placeholder'), value: initial.q ?? '' });
  const form = el('form', { class: 'inline', novalidate: true }, kind, q,
    el('button', { type: 'submit', class: 'primary', 'data-testid': 'lookup-submit' }, t('lookup.submit')));
  const run = async () => {
    formError(form, null);
    const text = q.value.trim();
    results.replaceChildren(t('core.loading'));
    try {
      const find = { resident: () => findResidents(text, newTicket), room: () => findRooms(text), fixture: () => findFixture(text), supplier: () => findSuppliers(text) }[kind.value];
      if (!text) throw Object.assign(new Error(t('lookup.placeholder')), { field: 'q' });
      const found = await find();
      results.replaceChildren(...[found].flat().filter(Boolean));
    } catch (e) {
      results.replaceChildren();
      formError(form, e.status === 404 ? { message: t('lookup.nothing') } : e);
    }
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); run(); });
  if (initial.q) run();
  return el('section', { class: 'panel', 'data-testid': 'lookup' }, el('h2', {}, t('lookup.title')), form, results);
}

/** The case-library panel: `case-query`, results in `case-results` (rows `case-<id>`). */
export function casePanel() {
  const results = el('div', { 'data-testid': 'case-results', class: 'results' });
  const q = el('input', { name: 'q', 'data-testid': 'case-query', placeholder: t('lookup.caseQuery') });
  const form = el('form', { class: 'inline', novalidate: true }, q,
    el('button', { type: 'submit', 'data-testid': 'case-submit' }, t('core.search')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    formError(form, null);
    try {
      const found = await api('GET', query('/api/v1/search', { q: q.value.trim(), limit: 20 }));
      results.replaceChildren(...(found.cases.length ? found.cases.map((c) => el('details', { class: 'case', 'data-testid': `case-${c.id}` },
        el('summary', {}, el('strong', {}, c.title), ' ', el('span', { class: 'badge' }, t(`category.${c.category}`))),
        el('p', {}, el('span', { class: 'muted' }, `${t('lookup.symptom')}: `), c.symptom),
        el('p', {}, el('span', { class: 'muted' }, `${t('lookup.solution')}: `), c.solution),
        c.tags?.length ? el('p', { class: 'muted small' }, `${t('lookup.tags')}: ${c.tags.join('、')}`) : null))
        : [el('p', { class: 'muted' }, t('lookup.nothing'))]));
    } catch (e) {
      results.replaceChildren();
      formError(form, e);
    }
  });
  return el('section', { class: 'panel', 'data-testid': 'cases' }, el('h2', {}, t('lookup.cases')), form, results);
}

registerPage({
  id: 'lookup',
  nav: 'lookup.nav',
  roles: ['agent', 'site_supervisor', 'hq_analyst', 'admin'],
  render(view, { query: q }, { me }) {
    pageStyles();
    const canWrite = ['agent', 'site_supervisor', 'admin'].includes(me?.role);
    const newTicket = (prefill) => navigate(query('#/ticket-new', { residentID: prefill.residentID, roomID: prefill.roomID, callerPhone: prefill.callerPhone }));
    view.append(el('div', { class: 'cols' }, lookupPanel(canWrite ? newTicket : null, q), casePanel()));
  },
});
"""#)
}
