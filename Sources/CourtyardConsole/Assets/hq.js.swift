extension ConsoleAssets {
    static let hqJS = ConsoleAsset("hq.js", #"""
// hq.js — the HQ live dashboard (#/hq): every site at a glance, live over server-sent
// events; drill-down to a site (#/hq/<site>), from there to a ticket (#/ticket/<id>) and a
// call (#/hq/<site>/call/<callId>: its recording). An unreachable site's tile says so and
// keeps its last known figures with their age.
import { api, t, el, strings, registerPage, live, navigate, fmtTime, fmtDuration, query, table, showPageError } from './core.js';
import { statusBadge } from './ticket.js';

const agentStates = ['available', 'reserved', 'onCall', 'wrapUp', 'notReady', 'onBreak'];

strings({
  'zh-CN': {
    'hq.nav': '总部看板', 'hq.title': '总部实时看板', 'hq.updated': '更新于 {time}', 'hq.reachable': '在线',
    'hq.unreachable': '不可达', 'hq.lastKnown': '显示最后已知数据（{age} 前）', 'hq.neverReached': '尚未取得该项目的数据',
    'hq.waiting': '排队来电', 'hq.longest': '最长等待 {d}', 'hq.sl': '今日服务水平', 'hq.slCalls': '{n} 通来电',
    'hq.agents': '在线坐席', 'hq.open': '未完成工单', 'hq.overdue': '{l} 级超时', 'hq.members': '集群成员',
    'hq.recent': '最近变更的工单', 'hq.back': '返回总部看板', 'hq.site': '项目 {site}', 'hq.agentList': '坐席',
    'hq.callList': '排队来电', 'hq.overdueList': '超时工单', 'hq.agent': '坐席', 'hq.state': '状态', 'hq.reason': '原因',
    'hq.since': '开始时间', 'hq.call': '来电', 'hq.caller': '主叫号码', 'hq.queue': '队列', 'hq.phase': '阶段',
    'hq.waited': '已等待', 'hq.level': '级别', 'hq.changed': '变更时间', 'hq.omitted': '另有 {n} 条未列出',
    'hq.recording': '通话录音', 'hq.noRecording': '该通话暂无录音。', 'hq.duration': '时长', 'hq.startedAt': '开始时间',
    'hq.phase.waiting': '排队中', 'hq.phase.ringing': '振铃中', 'hq.phase.remote': '跨项目转接',
    'hq.state.available': '示闲', 'hq.state.reserved': '振铃', 'hq.state.onCall': '通话', 'hq.state.wrapUp': '话后处理',
    'hq.state.notReady': '示忙', 'hq.state.onBreak': '休息', 'hq.state.loggedOut': '离线',
    'hq.member.alive': '在线', 'hq.member.suspect': '疑似故障', 'hq.member.unreachable': '不可达', 'hq.member.down': '已下线',
    'hq.member.left': '已退出',
  },
  en: {
    'hq.nav': 'HQ dashboard', 'hq.title': 'HQ live dashboard', 'hq.updated': 'Updated {time}', 'hq.reachable': 'Online',
    'hq.unreachable': 'Unreachable', 'hq.lastKnown': 'Showing last known figures ({age} ago)', 'hq.neverReached': 'No figures from this site yet',
    'hq.waiting': 'Calls waiting', 'hq.longest': 'Longest wait {d}', 'hq.sl': 'Service level today', 'hq.slCalls': '{n} calls',
    'hq.agents': 'Agents logged in', 'hq.open': 'Open tickets', 'hq.overdue': 'Overdue L{l}', 'hq.members': 'Members',
    'hq.recent': 'Recently changed tickets', 'hq.back': 'Back to the HQ dashboard', 'hq.site': 'Site {site}', 'hq.agentList': 'Agents',
    'hq.callList': 'Waiting calls', 'hq.overdueList': 'Overdue tickets', 'hq.agent': 'Agent', 'hq.state': 'State', 'hq.reason': 'Reason',
    'hq.since': 'Since', 'hq.call': 'Call', 'hq.caller': 'Caller', 'hq.queue': 'Queue', 'hq.phase': 'Phase',
    'hq.waited': 'Waited', 'hq.level': 'Level', 'hq.changed': 'Changed', 'hq.omitted': '{n} more not listed',
    'hq.recording': 'Recording', 'hq.noRecording': 'This call has no recording yet.', 'hq.duration': 'Duration', 'hq.startedAt': 'Started',
    'hq.phase.waiting': 'Queued', 'hq.phase.ringing': 'Ringing', 'hq.phase.remote': 'Transferring to another site',
    'hq.state.available': 'Ready', 'hq.state.reserved': 'Ringing', 'hq.state.onCall': 'Talking', 'hq.state.wrapUp': 'Wrap-up',
    'hq.state.notReady': 'Not ready', 'hq.state.onBreak': 'Break', 'hq.state.loggedOut': 'Logged out',
    'hq.member.alive': 'Alive', 'hq.member.suspect': 'Suspect', 'hq.member.unreachable': 'Unreachable', 'hq.member.down': 'Down',
    'hq.member.left': 'Left',
  },
});

// ---------------------------------------------------------------------------------------
// Tiles

/** A figure whose raw value tests read from `data-value`. */
function fig(label, value, raw, testid, note) {
  return el('div', { class: 'figure', 'data-testid': testid, 'data-value': raw ?? '' },
    el('div', { class: 'figure-value' }, value), el('div', { class: 'figure-label' }, label),
    note ? el('div', { class: 'muted' }, note) : null);
}

function slText(sl) { return sl && sl.percent !== null && sl.percent !== undefined ? `${sl.percent.toFixed(1)}%` : '—'; }

function loggedIn(snap) { return agentStates.reduce((n, s) => n + (snap.agentsByState[s] ?? 0), 0); }

function agentBreakdown(snap) {
  return agentStates.filter((s) => snap.agentsByState[s]).map((s) => `${t(`hq.state.${s}`)} ${snap.agentsByState[s]}`).join(' · ');
}

function siteFigures(s, snap) {
  const dash = '—';
  return el('div', { class: 'figures' },
    fig(t('hq.waiting'), snap ? String(snap.waitingCalls) : dash, snap?.waitingCalls, `hq-${s}-waiting`,
      snap ? t('hq.longest', { d: fmtDuration(snap.longestWaitMs) }) : null),
    fig(t('hq.sl'), slText(snap?.serviceLevel), snap?.serviceLevel?.percent, `hq-${s}-sl`,
      snap ? t('hq.slCalls', { n: snap.serviceLevel.offered }) : null),
    fig(t('hq.agents'), snap ? String(loggedIn(snap)) : dash, snap ? loggedIn(snap) : '', `hq-${s}-agents`,
      snap ? agentBreakdown(snap) : null),
    fig(t('hq.open'), snap ? String(snap.openTickets) : dash, snap?.openTickets, `hq-${s}-open`),
    [1, 2, 3].map((l) => fig(t('hq.overdue', { l }), snap ? String(snap.overdueByLevel[l - 1]) : dash,
      snap?.overdueByLevel[l - 1], `hq-${s}-overdue-${l}`)));
}

function members(s, snap) {
  if (!snap || !snap.members.length) return null;
  return el('p', { class: 'muted', 'data-testid': `hq-${s}-members` }, `${t('hq.members')}: `,
    snap.members.map((m) => el('span', { class: 'badge', 'data-status': m.status, title: m.endpoint },
      `${m.site} ${t(`hq.member.${m.status}`)}`)));
}

function reachability(tile) {
  const s = tile.site;
  const badge = el('span', { class: `badge ${tile.reachable ? 'status-closed' : 'status-cancelled'}`, 'data-testid': `hq-${s}-reachable` },
    tile.reachable ? t('hq.reachable') : t('hq.unreachable'));
  if (tile.reachable) return [badge];
  const note = tile.snapshot ? t('hq.lastKnown', { age: fmtDuration(tile.ageMs) }) : t('hq.neverReached');
  return [badge, el('p', { class: 'muted', 'data-testid': `hq-${s}-stale` }, note)];
}

function tileNode(tile) {
  const s = tile.site;
  return el('div', { class: 'tile clickable', 'data-testid': `hq-tile-${s}`, 'data-reachable': String(tile.reachable),
    'data-updated-ms': tile.updatedAtMs ?? '', onclick: () => navigate(`#/hq/${encodeURIComponent(s)}`) },
  el('div', { class: 'row' }, el('h2', {}, s), ...reachability(tile)),
  siteFigures(s, tile.snapshot), members(s, tile.snapshot));
}

function recentList(tickets) {
  return table([t('tickets.number'), t('tickets.site'), t('tickets.subject'), t('tickets.status'), t('hq.level'), t('hq.changed')],
    tickets.map((x) => [x.number, x.site, x.title, statusBadge(x.status), x.escalationLevel ? `L${x.escalationLevel}` : '—', fmtTime(x.updatedAtMs)]),
    { testid: 'hq-tickets', rowTestid: (i) => `hq-ticket-${tickets[i].id}`, onRow: (i) => navigate(`#/ticket/${encodeURIComponent(tickets[i].id)}`) });
}

/** Rows of `recentList` carry the raw status for tests (`data-status`). */
function markStatuses(node, tickets) {
  tickets.forEach((x) => node.querySelector(`[data-testid="hq-ticket-${CSS.escape(x.id)}"]`)?.setAttribute('data-status', x.status));
  return node;
}

// ---------------------------------------------------------------------------------------
// Pages

function scopeOf(me) { return me && me.site && me.site !== '*' ? me.site : undefined; }

function renderBoard(view, me) {
  const stamp = el('span', { class: 'muted', 'data-testid': 'hq-updated' });
  const tiles = el('div', { class: 'hq-tiles', 'data-testid': 'hq-tiles' }, t('core.loading'));
  const recent = el('div', {});
  view.append(el('section', { class: 'panel' }, el('div', { class: 'row' }, el('h1', {}, t('hq.title')), stamp), tiles),
    el('section', { class: 'panel' }, el('h2', {}, t('hq.recent')), recent));
  const draw = (board) => {
    stamp.textContent = t('hq.updated', { time: fmtTime(board.generatedAtMs) });
    tiles.replaceChildren(...board.tiles.map(tileNode));
    recent.replaceChildren(markStatuses(recentList(board.recentTickets), board.recentTickets));
  };
  const path = query('/api/v1/dashboard/stream', { site: scopeOf(me) });
  api('GET', query('/api/v1/dashboard', { site: scopeOf(me) })).then(draw, (e) => showPageError(view, e));
  return live(path, draw);
}

function detailTables(site, snap) {
  if (!snap) return [];
  const rows = (list, id) => (i) => `${id}-${list[i][id === 'hq-agent' ? 'agent' : id === 'hq-call' ? 'call' : 'id']}`;
  const agents = table([t('hq.agent'), t('hq.state'), t('hq.reason'), t('hq.call'), t('hq.since')],
    snap.agents.map((a) => [a.agent, el('span', { class: 'badge', 'data-state': a.state }, t(`hq.state.${a.state}`)),
      a.reason ?? '—', a.call ?? '—', a.sinceMs ? fmtTime(a.sinceMs) : '—']),
    { testid: 'hq-site-agents', rowTestid: rows(snap.agents, 'hq-agent'),
      onRow: (i) => snap.agents[i].call && navigate(`#/hq/${encodeURIComponent(site)}/call/${encodeURIComponent(snap.agents[i].call)}`) });
  const calls = table([t('hq.call'), t('hq.caller'), t('hq.queue'), t('hq.phase'), t('hq.waited')],
    snap.calls.map((c) => [c.call, c.caller ?? '—', c.queue, t(`hq.phase.${c.phase}`), fmtDuration(snap.takenAtMs - c.waitingSinceMs)]),
    { testid: 'hq-site-calls', rowTestid: rows(snap.calls, 'hq-call'),
      onRow: (i) => navigate(`#/hq/${encodeURIComponent(site)}/call/${encodeURIComponent(snap.calls[i].call)}`) });
  const overdue = table([t('tickets.number'), t('tickets.subject'), t('tickets.status'), t('hq.level'), t('hq.changed')],
    snap.overdue.map((x) => [x.number, x.title, statusBadge(x.status), `L${x.level}`, fmtTime(x.updatedAtMs)]),
    { testid: 'hq-site-overdue', rowTestid: rows(snap.overdue, 'hq-overdue'),
      onRow: (i) => navigate(`#/ticket/${encodeURIComponent(snap.overdue[i].id)}`) });
  return [el('h2', {}, t('hq.agentList')), agents, el('h2', {}, t('hq.callList')), calls,
    el('h2', {}, t('hq.overdueList')), overdue,
    snap.omitted ? el('p', { class: 'muted' }, t('hq.omitted', { n: snap.omitted })) : null];
}

function renderSite(view, site) {
  const body = el('div', { 'data-testid': 'hq-site' }, t('core.loading'));
  const recent = el('div', {});
  view.append(el('section', { class: 'panel' },
    el('div', { class: 'row' }, el('h1', {}, t('hq.site', { site })),
      el('a', { href: '#/hq', 'data-testid': 'hq-back' }, t('hq.back'))), body),
  el('section', { class: 'panel' }, el('h2', {}, t('hq.recent')), recent));
  const draw = (board) => {
    const tile = board.tiles.find((x) => x.site === site);
    body.replaceChildren(...(tile ? [el('div', { class: 'hq-tiles' }, tileNode(tile)), ...detailTables(site, tile.snapshot)]
      : [el('p', { class: 'muted' }, t('core.none'))]));
    recent.replaceChildren(markStatuses(recentList(board.recentTickets), board.recentTickets));
  };
  api('GET', query('/api/v1/dashboard', { site })).then(draw, (e) => showPageError(view, e));
  return live(query('/api/v1/dashboard/stream', { site }), draw);
}

async function renderCall(view, site, call) {
  const back = el('a', { href: `#/hq/${encodeURIComponent(site)}`, 'data-testid': 'hq-back' }, t('hq.site', { site }));
  const panel = el('section', { class: 'panel', 'data-testid': 'hq-call', 'data-call-id': call },
    el('div', { class: 'row' }, el('h1', {}, `${t('hq.call')} ${call}`), back));
  view.append(panel);
  try {
    const r = await api('GET', `/api/v1/recordings/${encodeURIComponent(call)}`);
    panel.append(el('h2', {}, t('hq.recording')),
      el('dl', { class: 'facts' }, [[t('hq.caller'), r.caller], [t('hq.agent'), r.agent ?? '—'],
        [t('hq.startedAt'), fmtTime(r.startedAtMs)], [t('hq.duration'), fmtDuration(r.durationMs)]]
        .map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
      el('audio', { controls: true, preload: 'none', 'data-testid': 'recording-audio',
        src: `/api/v1/recordings/${encodeURIComponent(call)}/audio` }));
  } catch (e) {
    if (e.status === 404) panel.append(el('p', { class: 'muted', 'data-testid': 'hq-no-recording' }, t('hq.noRecording')));
    else showPageError(view, e);
  }
}

registerPage({
  id: 'hq',
  nav: 'hq.nav',
  roles: ['hq_analyst', 'admin', 'site_supervisor'],
  render(view, { segments }, { me }) {
    const [site, kind, call] = segments;
    if (site && kind === 'call' && call) return renderCall(view, site, call);
    if (site) return renderSite(view, site);
    return renderBoard(view, me);
  },
});
"""#)
}
