extension ConsoleAssets {
    static let wallJS = ConsoleAsset("wall.js", #"""
// wall.js — the supervisor wall (#/wall): calls waiting and the longest wait, agents by
// state, the SLA board per escalation level (polled every few seconds), and the editors of
// the dispatch rules, the IVR menu and the automatic notices.
import { api, t, el, strings, registerPage, query, table, figure, fmtTime, fmtClock, fmtDuration, navigate, formError, formValues, toast } from './core.js';
import { categories, statusBadge } from './ticket.js';
import { useStyles } from './techwall.js';

const refreshMs = 5000;
/** The most urgent open orders listed on the wall (the counts cover them all). */
const slaRows = 25;
const agentStates = ['available', 'onCall', 'reserved', 'wrapUp', 'notReady', 'onBreak', 'loggedOut'];
const noticeKinds = ['majorEvent', 'outage', 'importantNotice', 'feeReminder', 'safetyReminder', 'newRegulation', 'communityActivity'];
const dispatchModes = ['assign', 'grab', 'roundRobin'];

strings({
  'zh-CN': {
    'wall.nav': '监控墙', 'wall.title': '现场监控墙', 'wall.waiting': '排队来电', 'wall.longestWait': '最长等待',
    'wall.open': '未完成工单', 'wall.overdue': '已超时', 'wall.updated': '更新于 {time}', 'wall.stale': '数据未更新：{message}',
    'wall.agents': '坐席状态', 'wall.agent': '坐席', 'wall.state': '状态', 'wall.reason': '原因', 'wall.since': '空闲起',
    'wall.call': '通话', 'wall.noCallCenter': '本节点未运行呼叫中心',
    'wall.sla': '督办看板', 'wall.level': '{n} 级督办', 'wall.escalated': '已升级', 'wall.warned': '预警',
    'wall.nextDue': '下一级到期', 'wall.completionDue': '完成时限', 'wall.truncated': '未完成工单过多，仅统计最早的 5000 张。',
    'wall.state.available': '示闲', 'wall.state.onCall': '通话中', 'wall.state.reserved': '振铃', 'wall.state.wrapUp': '话后处理',
    'wall.state.notReady': '示忙', 'wall.state.onBreak': '小休', 'wall.state.loggedOut': '未登录',
    'wall.rules': '派单规则', 'wall.rule.id': '规则编号', 'wall.rule.building': '楼栋（空为全部）', 'wall.rule.category': '类别',
    'wall.rule.department': '部门', 'wall.rule.assignees': '处理人（逗号分隔）', 'wall.rule.mode': '派单方式',
    'wall.rule.save': '保存规则', 'wall.rule.saved': '规则已保存', 'wall.rule.edit': '编辑', 'wall.rule.new': '新建规则',
    'wall.mode.assign': '指派', 'wall.mode.grab': '抢单', 'wall.mode.roundRobin': '轮派',
    'wall.ivr': 'IVR 菜单', 'wall.ivr.node': '节点', 'wall.ivr.title': '名称', 'wall.ivr.prompt': '提示语',
    'wall.ivr.action': '功能', 'wall.ivr.save': '保存菜单', 'wall.ivr.saved': '菜单已生效', 'wall.ivr.json': '高级：整份菜单（JSON）',
    'wall.ivr.saveJson': '保存 JSON 菜单', 'wall.ivr.badJson': 'JSON 格式有误：{message}',
    'wall.notices': '自动通告', 'wall.notice.id': '编号', 'wall.notice.kind': '类型', 'wall.notice.text': '通告内容',
    'wall.notice.from': '开始时间', 'wall.notice.until': '结束时间', 'wall.notice.buildings': '楼栋（逗号分隔，空为全小区）',
    'wall.notice.add': '添加通告', 'wall.notice.remove': '删除', 'wall.notice.saved': '通告已生效',
    'wall.notice.badTime': '请填写开始和结束时间，结束须晚于开始。',
    'wall.kind.majorEvent': '重大事件', 'wall.kind.outage': '停水停电停气', 'wall.kind.importantNotice': '重要通知',
    'wall.kind.feeReminder': '缴费提醒', 'wall.kind.safetyReminder': '安全提示', 'wall.kind.newRegulation': '新规',
    'wall.kind.communityActivity': '社区活动',
  },
  en: {
    'wall.nav': 'Wall', 'wall.title': 'Supervisor wall', 'wall.waiting': 'Calls waiting', 'wall.longestWait': 'Longest wait',
    'wall.open': 'Open orders', 'wall.overdue': 'Overdue', 'wall.updated': 'Updated {time}', 'wall.stale': 'Not updating: {message}',
    'wall.agents': 'Agents', 'wall.agent': 'Agent', 'wall.state': 'State', 'wall.reason': 'Reason', 'wall.since': 'Idle since',
    'wall.call': 'Call', 'wall.noCallCenter': 'This node runs no call center',
    'wall.sla': 'SLA board', 'wall.level': 'Level {n}', 'wall.escalated': 'Escalated', 'wall.warned': 'Warned',
    'wall.nextDue': 'Next level due', 'wall.completionDue': 'Completion due', 'wall.truncated': 'Too many open orders; the oldest 5000 are counted.',
    'wall.state.available': 'Ready', 'wall.state.onCall': 'On a call', 'wall.state.reserved': 'Ringing', 'wall.state.wrapUp': 'Wrap-up',
    'wall.state.notReady': 'Not ready', 'wall.state.onBreak': 'On break', 'wall.state.loggedOut': 'Logged out',
    'wall.rules': 'Dispatch rules', 'wall.rule.id': 'Rule id', 'wall.rule.building': 'Building (empty = all)', 'wall.rule.category': 'Category',
    'wall.rule.department': 'Department', 'wall.rule.assignees': 'Assignees (comma-separated)', 'wall.rule.mode': 'Mode',
    'wall.rule.save': 'Save rule', 'wall.rule.saved': 'Rule saved', 'wall.rule.edit': 'Edit', 'wall.rule.new': 'New rule',
    'wall.mode.assign': 'Assign', 'wall.mode.grab': 'Grab', 'wall.mode.roundRobin': 'Round robin',
    'wall.ivr': 'IVR menu', 'wall.ivr.node': 'Node', 'wall.ivr.title': 'Title', 'wall.ivr.prompt': 'Prompt',
    'wall.ivr.action': 'Action', 'wall.ivr.save': 'Save menu', 'wall.ivr.saved': 'Menu in force', 'wall.ivr.json': 'Advanced: the whole menu (JSON)',
    'wall.ivr.saveJson': 'Save JSON menu', 'wall.ivr.badJson': 'Not valid JSON: {message}',
    'wall.notices': 'Automatic notices', 'wall.notice.id': 'Id', 'wall.notice.kind': 'Kind', 'wall.notice.text': 'Text',
    'wall.notice.from': 'From', 'wall.notice.until': 'Until', 'wall.notice.buildings': 'Buildings (comma-separated; empty = whole site)',
    'wall.notice.add': 'Add notice', 'wall.notice.remove': 'Remove', 'wall.notice.saved': 'Notices in force',
    'wall.notice.badTime': 'Give a start and an end; the end must be after the start.',
    'wall.kind.majorEvent': 'Major event', 'wall.kind.outage': 'Outage', 'wall.kind.importantNotice': 'Important notice',
    'wall.kind.feeReminder': 'Fee reminder', 'wall.kind.safetyReminder': 'Safety reminder', 'wall.kind.newRegulation': 'New regulation',
    'wall.kind.communityActivity': 'Community activity',
  },
});

const fieldOf = (name, label, input) => el('label', { class: 'field' }, el('span', {}, label), input);
const siteOf = (me) => (me?.site && me.site !== '*' ? me.site : undefined);

// MARK: Live figures

function liveSection(me) {
  const status = el('span', { class: 'muted small', 'data-testid': 'wall-updated' });
  const figures = el('div', { class: 'tw-figures' });
  const agents = el('section', { class: 'panel' }, el('h2', {}, t('wall.agents')), el('div', { 'data-testid': 'wall-agents' }));
  const sla = el('section', { class: 'panel' }, el('h2', {}, t('wall.sla')), el('div', { 'data-testid': 'wall-sla' }));
  const root = el('div', {}, el('div', { class: 'row' }, el('h1', {}, t('wall.title')), status), figures,
    el('div', { class: 'tw-wall-grid' }, agents, sla));
  const shown = {};
  /** Replaces a part only when its data changed, so rows the eye (or a test) follows stay put. */
  const changed = (part, data) => {
    const signature = JSON.stringify(data);
    if (shown[part] === signature) return false;
    shown[part] = signature;
    return true;
  };
  const show = (w) => {
    status.className = 'muted small';
    status.textContent = t('wall.updated', { time: fmtClock(w.nowMs) });
    if (changed('figures', [w.calls?.waiting, w.calls ? Math.floor(w.calls.longestWaitMs / 1000) : null, w.sla.open, w.sla.overdue])) figures.replaceChildren(
      figure(t('wall.waiting'), w.calls ? String(w.calls.waiting) : '—', 'wall-waiting'),
      figure(t('wall.longestWait'), w.calls ? fmtDuration(w.calls.longestWaitMs) : '—', 'wall-longest-wait'),
      figure(t('wall.open'), String(w.sla.open), 'wall-open'),
      el('div', { class: w.sla.overdue ? 'tw-figure-alert' : '' }, figure(t('wall.overdue'), String(w.sla.overdue), 'wall-overdue')));
    figures.querySelector('[data-testid="wall-waiting"]').dataset.value = w.calls ? String(w.calls.waiting) : '';
    if (changed('agents', w.agents ? w.agents.list.map((a) => [a.agent, a.state, a.reason, a.call, a.idleSinceMs]) : null)) {
      agents.lastChild.replaceWith(agentTable(w));
    }
    if (changed('sla', w.sla)) sla.lastChild.replaceWith(slaBoard(w.sla));
  };
  const load = async () => {
    try { show(await api('GET', query('/api/v1/wall', { site: siteOf(me), rows: slaRows }))); } catch (e) {
      status.className = 'tw-stale small';
      status.textContent = t('wall.stale', { message: e.message });
    }
  };
  load();
  const timer = setInterval(load, refreshMs);
  return { root, stop: () => clearInterval(timer) };
}

function agentTable(w) {
  if (!w.agents) return el('div', { class: 'muted', 'data-testid': 'wall-agents' }, t('wall.noCallCenter'));
  const counts = el('div', { class: 'tw-figures', 'data-testid': 'wall-agent-counts' },
    w.agents.byState.filter((s) => s.count > 0 || ['available', 'onCall', 'notReady'].includes(s.state)).map((s) =>
      figure(t(`wall.state.${s.state}`), String(s.count), `wall-agents-${s.state}`)));
  const rows = w.agents.list.map((a) => el('tr', { 'data-testid': `wall-agent-${a.agent}`, 'data-state': a.state },
    el('td', {}, a.agent),
    el('td', {}, el('span', { class: `tw-agent-state tw-state-${a.state}` }, agentStates.includes(a.state) ? t(`wall.state.${a.state}`) : a.state)),
    el('td', {}, a.reason ?? '—'), el('td', {}, a.call ?? '—'),
    el('td', {}, a.idleSinceMs ? fmtClock(a.idleSinceMs) : '—')));
  return el('div', { 'data-testid': 'wall-agents' }, counts,
    el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, [t('wall.agent'), t('wall.state'), t('wall.reason'), t('wall.call'), t('wall.since')].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: 5, class: 'muted' }, t('core.none'))))));
}

function slaBoard(sla) {
  const levels = el('div', { class: 'tw-levels' }, sla.levels.map((l) => el('div', {
    class: `tw-level tw-level-${l.level}`, 'data-testid': `wall-sla-level-${l.level}`, 'data-escalated': l.escalated, 'data-warned': l.warned,
  }, el('div', { class: 'muted small' }, t('wall.level', { n: l.level })),
  el('div', {}, el('strong', {}, String(l.escalated)), ` ${t('wall.escalated')}`),
  el('div', { class: 'small' }, `${l.warned} ${t('wall.warned')}`))));
  const rows = sla.tickets.map((x) => [x.number, x.title, statusBadge(x.status), x.assignee ?? '—',
    x.escalationLevel ? `L${x.escalationLevel}` : (x.warnedLevel ? `⚠ L${x.warnedLevel}` : '—'),
    el('span', { class: x.overdue ? 'tw-overdue' : '' }, fmtTime(x.completionDueAtMs)),
    x.nextLevel ? `L${x.nextLevel} ${fmtTime(x.nextDueAtMs)}` : '—']);
  return el('div', { 'data-testid': 'wall-sla' }, levels,
    sla.truncated ? el('p', { class: 'warn small' }, t('wall.truncated')) : null,
    table([t('tickets.number'), t('tickets.subject'), t('tickets.status'), t('tickets.assignee'), t('tickets.escalation'),
      t('wall.completionDue'), t('wall.nextDue')], rows,
    { testid: 'wall-sla-tickets', rowTestid: (i) => `wall-sla-ticket-${sla.tickets[i].id}`, onRow: (i) => navigate(`#/ticket/${sla.tickets[i].id}`) }));
}

// MARK: Dispatch rules

function rulesSection(me) {
  const box = el('div', {}, t('core.loading'));
  const section = el('section', { class: 'panel tw-editor', 'data-testid': 'wall-rules' }, el('h2', {}, t('wall.rules')), box);
  const load = async () => {
    try {
      const rules = await api('GET', query('/api/v1/dispatch-rules', { site: siteOf(me) }));
      const form = ruleForm(load);
      box.replaceChildren(table([t('wall.rule.id'), t('wall.rule.category'), t('wall.rule.building'), t('wall.rule.department'),
        t('wall.rule.assignees'), t('wall.rule.mode'), ''],
      rules.map((r) => [r.id, t(`category.${r.category}`), r.building ?? '—', r.department, r.assignees.join(', '), t(`wall.mode.${r.mode}`),
        el('button', { type: 'button', 'data-testid': `wall-rule-edit-${r.id}`, onclick: () => fillRule(form, r) }, t('wall.rule.edit'))]),
      { testid: 'wall-rules-list', rowTestid: (i) => `wall-rule-${rules[i].id}` }), form);
    } catch (e) { box.replaceChildren(el('div', { class: 'form-error' }, e.message)); }
  };
  load();
  return section;
}

function ruleForm(reload) {
  const form = el('form', { class: 'tw-inline', 'data-testid': 'wall-rule-form', novalidate: true },
    fieldOf('id', t('wall.rule.id'), el('input', { name: 'id', 'data-testid': 'wall-rule-id', maxlength: 64 })),
    fieldOf('category', t('wall.rule.category'), el('select', { name: 'category', 'data-testid': 'wall-rule-category' },
      categories.map((c) => el('option', { value: c }, t(`category.${c}`))))),
    fieldOf('building', t('wall.rule.building'), el('input', { name: 'building', 'data-testid': 'wall-rule-building', maxlength: 64 })),
    fieldOf('department', t('wall.rule.department'), el('input', { name: 'department', 'data-testid': 'wall-rule-department', maxlength: 64 })),
    fieldOf('assignees', t('wall.rule.assignees'), el('input', { name: 'assignees', 'data-testid': 'wall-rule-assignees' })),
    fieldOf('mode', t('wall.rule.mode'), el('select', { name: 'mode', 'data-testid': 'wall-rule-mode' },
      dispatchModes.map((m) => el('option', { value: m }, t(`wall.mode.${m}`))))),
    el('button', { type: 'submit', class: 'primary', 'data-testid': 'wall-rule-submit' }, t('wall.rule.save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formError(form, null);
    const v = formValues(form);
    const body = { id: v.id ?? '', category: v.category, department: v.department ?? '', mode: v.mode,
      assignees: (v.assignees ?? '').split(/[,，\s]+/).filter(Boolean) };
    if (v.building) body.building = v.building;
    try {
      await api('POST', '/api/v1/dispatch-rules', body);
      toast(t('wall.rule.saved'), 'ok');
      reload();
    } catch (err) { formError(form, err); }
  });
  return form;
}

function fillRule(form, r) {
  for (const [k, v] of Object.entries({ id: r.id, category: r.category, building: r.building ?? '', department: r.department,
    assignees: r.assignees.join(', '), mode: r.mode })) form.querySelector(`[name="${k}"]`).value = v;
  form.querySelector('[name="department"]').focus();
}

// MARK: IVR menu

/** Every node of the menu with its path (`root`, `root/2`, `root/2/1`), depth first. */
function menuNodes(node, path = 'root', out = []) {
  out.push({ path, node });
  for (const c of node.children ?? []) menuNodes(c, `${path}/${c.key}`, out);
  return out;
}

function ivrSection() {
  const box = el('div', {}, t('core.loading'));
  const section = el('section', { class: 'panel tw-editor', 'data-testid': 'wall-ivr' }, el('h2', {}, t('wall.ivr')), box);
  const load = async () => {
    try { box.replaceChildren(...ivrEditor(await api('GET', '/api/v1/ivr/menu'), load)); } catch (e) {
      box.replaceChildren(el('div', { class: 'form-error' }, e.message));
    }
  };
  load();
  return section;
}

function ivrEditor(menu, reload) {
  const nodes = menuNodes(menu.root);
  const form = el('form', { 'data-testid': 'wall-ivr-form', novalidate: true },
    nodes.map(({ path, node }) => el('div', { class: 'tw-node', 'data-testid': `wall-ivr-node-${path}` },
      el('div', { class: 'row' }, el('strong', {}, path.replace(/^root/, '') || '/'), el('span', { class: 'muted small' }, `${t('wall.ivr.action')}: ${node.action}${node.kind ? ` (${node.kind})` : ''}${node.queue ? ` → ${node.queue}` : ''}`)),
      el('div', { class: 'tw-inline' },
        fieldOf(`${path}.title`, t('wall.ivr.title'), el('input', { name: `${path}#title`, value: node.title, maxlength: 40 })),
        fieldOf(path, t('wall.ivr.prompt'), el('textarea', { name: path, maxlength: 500 }, node.prompt))))),
    el('button', { type: 'submit', class: 'primary', 'data-testid': 'wall-ivr-submit' }, t('wall.ivr.save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formError(form, null);
    for (const { path, node } of nodes) {
      node.title = form.querySelector(`[name="${CSS.escape(`${path}#title`)}"]`).value.trim();
      node.prompt = form.querySelector(`[name="${CSS.escape(path)}"]`).value.trim();
    }
    try { await api('PUT', '/api/v1/ivr/menu', menu); toast(t('wall.ivr.saved'), 'ok'); reload(); } catch (err) { formError(form, err); }
  });
  const json = el('textarea', { name: 'menu', class: 'tw-json', 'data-testid': 'wall-ivr-json' }, JSON.stringify(menu, null, 2));
  const jsonForm = el('form', { 'data-testid': 'wall-ivr-json-form', novalidate: true },
    fieldOf('menu', t('wall.ivr.json'), json),
    el('button', { type: 'submit', 'data-testid': 'wall-ivr-json-submit' }, t('wall.ivr.saveJson')));
  jsonForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    formError(jsonForm, null);
    let parsed;
    try { parsed = JSON.parse(json.value); } catch (err) { formError(jsonForm, { message: t('wall.ivr.badJson', { message: err.message }), field: 'menu' }); return; }
    try { await api('PUT', '/api/v1/ivr/menu', parsed); toast(t('wall.ivr.saved'), 'ok'); reload(); } catch (err) {
      formError(jsonForm, { message: err.message, field: 'menu' });
    }
  });
  return [form, el('details', {}, el('summary', {}, t('wall.ivr.json')), jsonForm)];
}

// MARK: Notices

/** `datetime-local` value ↔ epoch ms (the browser's time zone). */
const toLocalInput = (ms) => { const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000); return d.toISOString().slice(0, 16); };
const fromLocalInput = (s) => (s ? new Date(s).getTime() : NaN);

function noticesSection() {
  const box = el('div', {}, t('core.loading'));
  const section = el('section', { class: 'panel tw-editor', 'data-testid': 'wall-notices' }, el('h2', {}, t('wall.notices')), box);
  const load = async () => {
    try { box.replaceChildren(...noticesEditor((await api('GET', '/api/v1/ivr/notices')).notices, load)); } catch (e) {
      box.replaceChildren(el('div', { class: 'form-error' }, e.message));
    }
  };
  load();
  return section;
}

function noticesEditor(notices, reload) {
  const save = async (next, form) => {
    try { await api('PUT', '/api/v1/ivr/notices', { notices: next }); toast(t('wall.notice.saved'), 'ok'); reload(); } catch (err) {
      formError(form, err);
    }
  };
  const now = Date.now();
  const form = el('form', { class: 'tw-inline', 'data-testid': 'wall-notice-form', novalidate: true },
    fieldOf('kind', t('wall.notice.kind'), el('select', { name: 'kind', 'data-testid': 'wall-notice-kind' },
      noticeKinds.map((k) => el('option', { value: k }, t(`wall.kind.${k}`))))),
    fieldOf('text', t('wall.notice.text'), el('input', { name: 'text', 'data-testid': 'wall-notice-text', maxlength: 500 })),
    fieldOf('validFromMs', t('wall.notice.from'), el('input', { type: 'datetime-local', name: 'validFromMs', 'data-testid': 'wall-notice-from', value: toLocalInput(now) })),
    fieldOf('validUntilMs', t('wall.notice.until'), el('input', { type: 'datetime-local', name: 'validUntilMs', 'data-testid': 'wall-notice-until', value: toLocalInput(now + 86400000) })),
    fieldOf('buildings', t('wall.notice.buildings'), el('input', { name: 'buildings', 'data-testid': 'wall-notice-buildings' })),
    el('button', { type: 'submit', class: 'primary', 'data-testid': 'wall-notice-submit' }, t('wall.notice.add')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    formError(form, null);
    const v = formValues(form);
    const from = fromLocalInput(v.validFromMs), until = fromLocalInput(v.validUntilMs);
    if (!(from < until)) { formError(form, { message: t('wall.notice.badTime'), field: 'validUntilMs' }); return; }
    const notice = { id: `notice-${Date.now().toString(36)}`, kind: v.kind, text: v.text ?? '', validFromMs: from, validUntilMs: until,
      buildings: (v.buildings ?? '').split(/[,，\s]+/).filter(Boolean) };
    save([...notices, notice], form);
  });
  const listForm = el('form', { novalidate: true });
  listForm.append(table([t('wall.notice.kind'), t('wall.notice.text'), t('wall.notice.from'), t('wall.notice.until'), t('wall.notice.buildings'), ''],
    notices.map((n) => [t(`wall.kind.${n.kind}`), n.text, fmtTime(n.validFromMs), fmtTime(n.validUntilMs), n.buildings.join(', ') || '—',
      el('button', { type: 'button', class: 'danger', 'data-testid': `wall-notice-remove-${n.id}`, onclick: () => save(notices.filter((x) => x.id !== n.id), listForm) }, t('wall.notice.remove'))]),
    { testid: 'wall-notices-list', rowTestid: (i) => `wall-notice-${notices[i].id}` }));
  return [listForm, form];
}

// MARK: Page

registerPage({
  id: 'wall',
  nav: 'wall.nav',
  roles: ['site_supervisor', 'admin'],
  render(view, params, ctx) {
    useStyles();
    const live = liveSection(ctx.me);
    view.append(live.root, el('div', { class: 'tw-wall-grid' }, rulesSection(ctx.me), noticesSection()), ivrSection());
    return live.stop;
  },
});
"""#)
}
