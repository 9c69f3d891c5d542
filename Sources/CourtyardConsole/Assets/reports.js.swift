extension ConsoleAssets {
    static let reportsJS = ConsoleAsset("reports.js", #"""
// reports.js — the reports (#/reports, 统计报表): call figures (SL, SL2, ASA, AHT, abandonment,
// FCR, occupancy), ticket figures (opened, closed, overdue, on-time, escalations, resolution
// time, satisfaction), SVG charts, the Erlang C staffing suggestion, drill-down from every
// figure and bar to its calls and tickets, and CSV downloads. docs/metrics.md defines each figure.
import { api, t, el, clear, strings, registerPage, query, table, fmtTime, fmtDuration, navigate, lang } from './core.js';
import { svgBarChart, svgHBarChart, svgLineChart, chartPanel, palette } from './charts.js';

strings({
  'zh-CN': {
    'reports.nav': '统计报表', 'reports.title': '统计报表', 'reports.from': '开始日期', 'reports.to': '结束日期',
    'reports.site': '小区', 'reports.allSites': '全部小区', 'reports.apply': '查询', 'reports.csvCalls': '导出话务报表 CSV',
    'reports.csvTickets': '导出工单报表 CSV', 'reports.csvDrill': '导出明细 CSV', 'reports.calls': '话务统计',
    'reports.tickets': '工单统计', 'reports.details': '明细', 'reports.loading': '正在统计…', 'reports.badRange': '结束日期不能早于开始日期。', 'reports.tooLong': '一次最多统计 366 天。',
    'reports.fig.sl': '服务水平 SL', 'reports.fig.sl2': '服务水平 SL2', 'reports.fig.asa': '平均应答速度 ASA',
    'reports.fig.aht': '平均处理时长 AHT', 'reports.fig.abandon': '放弃率', 'reports.fig.fcr': '首次解决率 FCR',
    'reports.fig.occupancy': '坐席占用率', 'reports.fig.entered': '来电总数', 'reports.fig.answered': '接通数',
    'reports.fig.tickets-opened': '新建工单', 'reports.fig.tickets-closed': '关闭工单', 'reports.fig.tickets-resolved': '完成工单',
    'reports.fig.tickets-overdue': '超时工单', 'reports.fig.tickets-ontime': '按时完成率', 'reports.fig.tickets-escalated-1': '一级督办',
    'reports.fig.tickets-escalated-2': '二级督办', 'reports.fig.tickets-escalated-3': '三级督办', 'reports.fig.tickets-resolution': '平均处理时长',
    'reports.fig.tickets-satisfaction': '回访满意率', 'reports.fig.tickets-cancelled': '取消工单',
    'reports.slNote': '{n} 秒内接通；短放弃（< {s} 秒）不计', 'reports.fcrNote': '同一号码 {h} 小时内未再来电',
    'reports.satNote': '平均 {score} 分，{n} 次回访', 'reports.resNote': '中位数 {median}，90% {p90}',
    'reports.chart.daily': '每日话务量', 'reports.chart.dailySL': '每日服务水平 (%)', 'reports.chart.hourly': '分时段来电',
    'reports.chart.ivr': '自助语音各项点击', 'reports.chart.category': '各类工单（按新建数排名）', 'reports.chart.ticketsDaily': '每日工单',
    'reports.chart.level': '按督办级别', 'reports.chart.priority': '按紧急程度', 'reports.chart.rooms': '报修最多的房间', 'reports.chart.callbacks': '回访结果（分数）',
    'reports.notSolved': '未解决', 'reports.assignees': '处理人（含三级督办）', 'reports.assignee': '处理人', 'reports.noAssignee': '（未派单）', 'reports.escalated3': '三级督办',
    'reports.series.entered': '来电', 'reports.series.answered': '接通', 'reports.series.abandoned': '放弃',
    'reports.series.opened': '新建', 'reports.series.closed': '关闭', 'reports.series.resolved': '完成',
    'reports.agents': '坐席统计', 'reports.agent': '坐席', 'reports.offers': '振铃', 'reports.talk': '通话时长',
    'reports.wrap': '话后处理', 'reports.occupancy': '占用率', 'reports.staffing': '人员配置建议（Erlang C）',
    'reports.staffing.site': '小区', 'reports.staffing.rate': '来电/小时', 'reports.staffing.aht': 'AHT',
    'reports.staffing.agents': '建议坐席数', 'reports.staffing.sl': '高峰预计服务水平', 'reports.staffing.peak': '高峰时段', 'reports.staffing.none': '数据不足',
    'reports.departments': '各部门按时完成率', 'reports.department': '部门', 'reports.noDepartment': '（未派单）',
    'reports.opened': '新建', 'reports.closed': '关闭', 'reports.overdue': '超时', 'reports.onTimeRate': '按时率',
    'reports.level': '{n} 级', 'reports.level0': '未督办',
    'reports.drill.title': '明细：{name}', 'reports.drill.count': '共 {total} 条，计入 {counted} 条', 'reports.drill.truncated': '（仅显示前 {n} 条，完整明细请导出 CSV）',
    'reports.drill.close': '关闭明细', 'reports.col.call': '来电', 'reports.col.time': '时间', 'reports.col.caller': '号码',
    'reports.col.outcome': '结果', 'reports.col.agent': '坐席', 'reports.col.wait': '等待', 'reports.col.handling': '处理时长',
    'reports.col.tickets': '工单', 'reports.col.counted': '计入', 'reports.col.number': '单号', 'reports.col.title': '标题',
    'reports.col.status': '状态', 'reports.col.level': '督办', 'reports.col.resolution': '处理时长', 'reports.col.satisfaction': '满意度',
    'reports.outcome.answered': '接通', 'reports.outcome.abandoned': '放弃', 'reports.outcome.voicemail': '留言',
    'reports.outcome.ivr': '自助服务', 'reports.outcome.unanswered': '未接通', 'reports.yes': '是', 'reports.no': '否',
    'reports.unavailable': '本节点未启用话务统计。',
    'reports.missingSites': '以下小区暂时无法读取，未计入本报表：{sites}',
  },
  en: {
    'reports.nav': 'Reports', 'reports.title': 'Reports', 'reports.from': 'From', 'reports.to': 'To',
    'reports.site': 'Site', 'reports.allSites': 'All sites', 'reports.apply': 'Apply', 'reports.csvCalls': 'Call report CSV',
    'reports.csvTickets': 'Ticket report CSV', 'reports.csvDrill': 'Details CSV', 'reports.calls': 'Calls',
    'reports.tickets': 'Work orders', 'reports.details': 'Details', 'reports.loading': 'Computing…', 'reports.badRange': 'The end date must not be before the start date.', 'reports.tooLong': 'A report covers at most 366 days.',
    'reports.fig.sl': 'Service level SL', 'reports.fig.sl2': 'Service level SL2', 'reports.fig.asa': 'Avg. speed of answer',
    'reports.fig.aht': 'Avg. handling time', 'reports.fig.abandon': 'Abandonment', 'reports.fig.fcr': 'First-contact resolution',
    'reports.fig.occupancy': 'Occupancy', 'reports.fig.entered': 'Calls', 'reports.fig.answered': 'Answered',
    'reports.fig.tickets-opened': 'Opened', 'reports.fig.tickets-closed': 'Closed', 'reports.fig.tickets-resolved': 'Resolved',
    'reports.fig.tickets-overdue': 'Overdue', 'reports.fig.tickets-ontime': 'On-time rate', 'reports.fig.tickets-escalated-1': 'Escalated L1',
    'reports.fig.tickets-escalated-2': 'Escalated L2', 'reports.fig.tickets-escalated-3': 'Escalated L3', 'reports.fig.tickets-resolution': 'Avg. resolution time',
    'reports.fig.tickets-satisfaction': 'Satisfied (callbacks)', 'reports.fig.tickets-cancelled': 'Cancelled',
    'reports.slNote': 'answered within {n} s; short abandons (< {s} s) left out', 'reports.fcrNote': 'no repeat call within {h} h',
    'reports.satNote': 'mean {score}, {n} callbacks', 'reports.resNote': 'median {median}, 90% {p90}',
    'reports.chart.daily': 'Calls per day', 'reports.chart.dailySL': 'Service level per day (%)', 'reports.chart.hourly': 'Calls by hour',
    'reports.chart.ivr': 'IVR self-service hits', 'reports.chart.category': 'Tickets by category (ranked)', 'reports.chart.ticketsDaily': 'Tickets per day',
    'reports.chart.level': 'By escalation level', 'reports.chart.priority': 'By priority', 'reports.chart.rooms': 'Rooms with the most tickets', 'reports.chart.callbacks': 'Callback results (score)',
    'reports.notSolved': 'Not solved', 'reports.assignees': 'Assignees (with level-3 escalations)', 'reports.assignee': 'Assignee', 'reports.noAssignee': '(not dispatched)', 'reports.escalated3': 'Level 3',
    'reports.series.entered': 'Entered', 'reports.series.answered': 'Answered', 'reports.series.abandoned': 'Abandoned',
    'reports.series.opened': 'Opened', 'reports.series.closed': 'Closed', 'reports.series.resolved': 'Resolved',
    'reports.agents': 'Agents', 'reports.agent': 'Agent', 'reports.offers': 'Offers', 'reports.talk': 'Talk',
    'reports.wrap': 'Wrap-up', 'reports.occupancy': 'Occupancy', 'reports.staffing': 'Staffing suggestion (Erlang C)',
    'reports.staffing.site': 'Site', 'reports.staffing.rate': 'Calls/hour', 'reports.staffing.aht': 'AHT',
    'reports.staffing.agents': 'Agents needed', 'reports.staffing.sl': 'Predicted SL (peak)', 'reports.staffing.peak': 'Peak hour', 'reports.staffing.none': 'Not enough data',
    'reports.departments': 'On-time rate by department', 'reports.department': 'Department', 'reports.noDepartment': '(not dispatched)',
    'reports.opened': 'Opened', 'reports.closed': 'Closed', 'reports.overdue': 'Overdue', 'reports.onTimeRate': 'On time',
    'reports.level': 'Level {n}', 'reports.level0': 'Not escalated',
    'reports.drill.title': 'Details: {name}', 'reports.drill.count': '{total} listed, {counted} counted', 'reports.drill.truncated': ' (first {n} shown; export the CSV for all)',
    'reports.drill.close': 'Close details', 'reports.col.call': 'Call', 'reports.col.time': 'Time', 'reports.col.caller': 'Caller',
    'reports.col.outcome': 'Outcome', 'reports.col.agent': 'Agent', 'reports.col.wait': 'Wait', 'reports.col.handling': 'Handling',
    'reports.col.tickets': 'Tickets', 'reports.col.counted': 'Counted', 'reports.col.number': 'Number', 'reports.col.title': 'Title',
    'reports.col.status': 'Status', 'reports.col.level': 'Level', 'reports.col.resolution': 'Resolution', 'reports.col.satisfaction': 'Satisfaction',
    'reports.outcome.answered': 'Answered', 'reports.outcome.abandoned': 'Abandoned', 'reports.outcome.voicemail': 'Voicemail',
    'reports.outcome.ivr': 'Self-service', 'reports.outcome.unanswered': 'Unanswered', 'reports.yes': 'Yes', 'reports.no': 'No',
    'reports.unavailable': 'Call reports are not enabled on this node.',
    'reports.missingSites': 'Not included (site not reachable right now): {sites}',
  },
});

// ---------------------------------------------------------------------------------------
// Filters: local dates → an epoch-ms range [from 00:00, day after `to` 00:00).

const dayMs = 86_400_000;

function isoDate(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function parseDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The filter from the hash's query (defaults: the last 7 days, the user's own site). */
export function readFilter(q, me) {
  const today = new Date();
  const from = parseDate(q.from) ?? new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6);
  const to = parseDate(q.to) ?? new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const site = me && me.site && me.site !== '*' ? me.site : (q.site ?? '');
  return { from, to, site };
}

/** The API query of a filter (the browser's offset, so days match the dates picked). */
export function apiParams(f) {
  const end = new Date(f.to.getFullYear(), f.to.getMonth(), f.to.getDate() + 1);
  return { from: f.from.getTime(), to: end.getTime(), site: f.site || undefined, utcOffsetMinutes: -f.from.getTimezoneOffset() };
}

// ---------------------------------------------------------------------------------------
// Formatting

const pct = (x) => (x === undefined || x === null ? '—' : `${Number(x).toFixed(1)}%`);
const dur = (ms) => (ms === undefined || ms === null ? '—' : fmtDuration(ms));
const shortDate = (d) => d.slice(5);

// ---------------------------------------------------------------------------------------
// The page

registerPage({
  id: 'reports',
  nav: 'reports.nav',
  roles: ['site_supervisor', 'hq_analyst', 'admin'],
  render(view, { query: q }, ctx) {
    const filter = readFilter(q, ctx.me);
    const params = apiParams(filter);
    const drillBox = el('div', { class: 'panel drill', hidden: true });
    const drill = (kind, metric, name, extra = {}) => showDrill(drillBox, kind, metric, name, { ...params, ...extra });

    view.append(el('h1', {}, t('reports.title')), filterForm(filter, ctx.me), downloads(params), drillBox);
    const callsBox = el('section', { 'data-testid': 'report-calls' }, el('h2', {}, t('reports.calls')), el('p', { class: 'muted' }, t('reports.loading')));
    const ticketsBox = el('section', { 'data-testid': 'report-tickets' }, el('h2', {}, t('reports.tickets')), el('p', { class: 'muted' }, t('reports.loading')));
    view.append(callsBox, ticketsBox);
    const qs = (path) => query(path, params);

    api('GET', qs('/api/v1/reports/calls')).then((r) => renderCalls(callsBox, r, drill), (e) => failed(callsBox, e));
    api('GET', qs('/api/v1/reports/tickets')).then((r) => renderTickets(ticketsBox, r, drill), (e) => failed(ticketsBox, e));
  },
});

function failed(box, e) {
  box.append(el('div', { class: 'form-error', role: 'alert', 'data-testid': 'report-error' },
    e?.status === 503 && e?.code === 'not_enabled' ? t('reports.unavailable') : (e?.message ?? String(e))));
  box.querySelector('p.muted')?.remove();
}

function filterForm(filter, me) {
  const from = el('input', { type: 'date', name: 'from', value: isoDate(filter.from), 'data-testid': 'report-from', required: true });
  const to = el('input', { type: 'date', name: 'to', value: isoDate(filter.to), 'data-testid': 'report-to', required: true });
  const siteScoped = me && me.site && me.site !== '*';
  const site = el('select', { name: 'site', 'data-testid': 'report-site', disabled: siteScoped },
    siteScoped ? el('option', { value: me.site }, me.site) : el('option', { value: '' }, t('reports.allSites')));
  if (!siteScoped) {
    api('GET', '/api/v1/cluster/members').then((m) => {
      const sites = [...new Set([m.self?.site, ...(m.members ?? []).map((x) => x.site)].filter(Boolean))].sort();
      for (const s of sites) site.append(el('option', { value: s }, s));
      site.value = filter.site;
    }, () => { if (filter.site) { site.append(el('option', { value: filter.site }, filter.site)); site.value = filter.site; } });
  }
  const form = el('form', { class: 'row panel', 'data-testid': 'report-filter', onsubmit: (e) => {
    e.preventDefault();
    for (const old of form.querySelectorAll('.form-error')) old.remove();
    const problem = !from.value || !to.value || to.value < from.value ? t('reports.badRange')
      : (parseDate(to.value) - parseDate(from.value)) / dayMs > 365 ? t('reports.tooLong') : null;
    if (problem) {
      form.append(el('div', { class: 'form-error', role: 'alert', 'data-testid': 'form-error' }, problem));
      return;
    }
    navigate(`#/reports?${new URLSearchParams({ from: from.value, to: to.value, site: site.value }).toString()}`);
  } },
  el('label', { class: 'field' }, el('span', {}, t('reports.from')), from),
  el('label', { class: 'field' }, el('span', {}, t('reports.to')), to),
  el('label', { class: 'field' }, el('span', {}, t('reports.site')), site),
  el('button', { type: 'submit', class: 'primary', 'data-testid': 'report-apply' }, t('reports.apply')));
  return form;
}

function downloads(params) {
  return el('div', { class: 'row' },
    el('a', { class: 'button', href: query('/api/v1/exports/reports/calls', params), download: '', 'data-testid': 'report-csv' }, t('reports.csvCalls')),
    el('a', { class: 'button', href: query('/api/v1/exports/reports/tickets', params), download: '', 'data-testid': 'report-csv-tickets' }, t('reports.csvTickets')));
}

/** A figure with its drill button (`report-figure-<id>`, `report-drill-<id>`). */
function drillFigure(id, value, note, onDrill) {
  const button = el('button', { type: 'button', class: 'link', 'data-testid': `report-drill-${id}`, onclick: onDrill }, t('reports.details'));
  const fig = el('div', { class: 'figure clickable', 'data-testid': `report-figure-${id}`, 'data-value': value,
    onclick: (e) => { if (e.target !== button) onDrill(); } },
  el('div', { class: 'figure-value' }, value), el('div', { class: 'figure-label' }, t(`reports.fig.${id}`)),
  note ? el('div', { class: 'small muted' }, note) : null, button);
  return fig;
}

// ---------------------------------------------------------------------------------------
// Calls

// An all-sites report gathered across the cluster names the sites it could not read.
function missingSites(x) {
  const missing = x?.missingSites ?? [];
  return missing.length === 0 ? null : el('p', { class: 'form-error', role: 'status', 'data-testid': 'report-missing-sites',
    title: missing.map((m) => `${m.site}: ${m.reason}`).join('\n') }, t('reports.missingSites', { sites: missing.map((m) => m.site).join(', ') }));
}

function renderCalls(box, r, drill) {
  clear(box).append(el('h2', {}, t('reports.calls')));
  const gap = missingSites(r);
  if (gap) box.append(gap);
  const f = r.figures, c = r.counts, s = r.settings;
  const call = (id, metric) => () => drill('calls', metric ?? id, t(`reports.fig.${id}`));
  box.append(el('div', { class: 'figures' },
    drillFigure('entered', String(c.entered), null, call('entered')),
    drillFigure('answered', String(c.answered), null, call('answered')),
    drillFigure('sl', pct(f.serviceLevelPercent), t('reports.slNote', { n: s.serviceLevelThresholdMs / 1000, s: s.shortAbandonMs / 1000 }), call('sl')),
    drillFigure('sl2', pct(f.serviceLevel2Percent), null, call('sl2')),
    drillFigure('asa', dur(f.averageSpeedOfAnswerMs), null, call('asa')),
    drillFigure('aht', dur(f.averageHandlingTimeMs), null, call('aht')),
    drillFigure('abandon', pct(f.abandonmentRatePercent), `${c.abandoned - c.shortAbandoned} / ${c.offered - c.shortAbandoned}`, call('abandon')),
    drillFigure('fcr', pct(f.firstContactResolutionPercent), t('reports.fcrNote', { h: Math.round(s.fcrWindowMs / 3_600_000) }), call('fcr')),
    drillFigure('occupancy', pct(f.occupancyPercent), null, call('occupancy'))));

  const days = r.daily ?? [];
  const charts = el('div', { class: 'cols' });
  charts.append(chartPanel(t('reports.chart.daily'), svgLineChart({
    labels: days.map((d) => shortDate(d.date)),
    series: [
      { name: t('reports.series.entered'), values: days.map((d) => d.entered) },
      { name: t('reports.series.answered'), values: days.map((d) => d.answered) },
      { name: t('reports.series.abandoned'), values: days.map((d) => d.abandoned) },
    ] }, { title: t('reports.chart.daily') }), 'report-chart-daily'));
  charts.append(chartPanel(t('reports.chart.dailySL'), svgLineChart(days.map((d) => ({ label: shortDate(d.date), value: d.serviceLevelPercent ?? null })),
    { title: t('reports.chart.dailySL'), max: 100, format: (v) => `${Math.round(v)}` }), 'report-chart-sl'));
  charts.append(chartPanel(t('reports.chart.hourly'), svgBarChart((r.hourly ?? []).map((n, h) => ({ label: String(h), value: n })),
    { title: t('reports.chart.hourly') }), 'report-chart-hourly'));
  if ((r.ivr ?? []).length) {
    charts.append(chartPanel(t('reports.chart.ivr'), svgHBarChart(r.ivr.slice(0, 15).map((x) => ({ label: x.node, value: x.hits })),
      { title: t('reports.chart.ivr'), color: palette[1] }), 'report-chart-ivr'));
  }
  box.append(charts);

  const agentsOf = (x) => (x ? String(x.agents) : t('reports.staffing.none'));
  const rate = (x) => (x ? x.arrivalsPerHour.toFixed(1) : '—');
  box.append(el('h3', {}, t('reports.staffing')), table(
    [t('reports.staffing.site'), t('reports.staffing.rate'), t('reports.staffing.aht'), t('reports.staffing.agents'),
      t('reports.staffing.peak'), t('reports.staffing.rate'), t('reports.staffing.agents'), t('reports.staffing.sl')],
    (r.staffing ?? []).map((x) => [x.site, rate(x.suggestion), dur(x.suggestion?.ahtMs ?? x.peakSuggestion?.ahtMs), agentsOf(x.suggestion),
      x.peakHourStartMs === undefined || x.peakHourStartMs === null ? '—' : fmtTime(x.peakHourStartMs), rate(x.peakSuggestion),
      agentsOf(x.peakSuggestion), x.peakSuggestion ? pct(x.peakSuggestion.serviceLevel * 100) : '—']),
    { testid: 'report-staffing', rowTestid: (i) => `report-staffing-${r.staffing[i].site}` }));

  box.append(el('h3', {}, t('reports.agents')), table(
    [t('reports.agent'), t('reports.offers'), t('reports.fig.answered'), t('reports.talk'), t('reports.wrap'), t('reports.occupancy')],
    (r.agents ?? []).map((a) => [a.agent, String(a.offers), String(a.answered), dur(a.talkMs), dur(a.wrapUpMs), pct(a.occupancyPercent)]),
    { testid: 'report-agents', rowTestid: (i) => `report-agent-${r.agents[i].agent}` }));
}

// ---------------------------------------------------------------------------------------
// Tickets

const categoryName = (k) => t(`category.${k}`);
const priorityName = (k) => t(`priority.${k}`);
const levelName = (k) => (k === '0' ? t('reports.level0') : t('reports.level', { n: k }));

function renderTickets(box, r, drill) {
  clear(box).append(el('h2', {}, t('reports.tickets')));
  const c = r.counts, f = r.figures;
  const tk = (id, metric, extra) => () => drill('tickets', metric, t(`reports.fig.${id}`), extra);
  box.append(el('div', { class: 'figures' },
    drillFigure('tickets-opened', String(c.opened), null, tk('tickets-opened', 'opened')),
    drillFigure('tickets-closed', String(c.closed), null, tk('tickets-closed', 'closed')),
    drillFigure('tickets-resolved', String(c.resolved), null, tk('tickets-resolved', 'resolved')),
    drillFigure('tickets-cancelled', String(c.cancelled), null, tk('tickets-cancelled', 'cancelled')),
    drillFigure('tickets-overdue', String(c.overdue), null, tk('tickets-overdue', 'overdue')),
    drillFigure('tickets-ontime', pct(f.onTimeRatePercent), `${c.onTime} / ${c.completionDecided}`, tk('tickets-ontime', 'on-time')),
    drillFigure('tickets-escalated-1', String(c.escalated1), null, tk('tickets-escalated-1', 'escalated-1')),
    drillFigure('tickets-escalated-2', String(c.escalated2), null, tk('tickets-escalated-2', 'escalated-2')),
    drillFigure('tickets-escalated-3', String(c.escalated3), null, tk('tickets-escalated-3', 'escalated-3')),
    drillFigure('tickets-resolution', dur(f.meanResolutionMs), t('reports.resNote', { median: dur(f.medianResolutionMs), p90: dur(f.p90ResolutionMs) }), tk('tickets-resolution', 'resolution')),
    drillFigure('tickets-satisfaction', pct(f.satisfiedRatePercent),
      t('reports.satNote', { score: f.meanSatisfaction === undefined || f.meanSatisfaction === null ? '—' : Number(f.meanSatisfaction).toFixed(2), n: c.callbacks }),
      tk('tickets-satisfaction', 'satisfaction'))));

  const byDim = (dimension, key, label) => () => drill('tickets', 'opened', `${t('reports.fig.tickets-opened')} · ${label}`, { dimension, key });
  const charts = el('div', { class: 'cols' });
  charts.append(chartPanel(t('reports.chart.category'), svgHBarChart((r.byCategory ?? []).map((x) => ({
    label: categoryName(x.key), value: x.opened, testid: `report-bar-category-${x.key}`, onclick: byDim('category', x.key, categoryName(x.key)) })),
  { title: t('reports.chart.category') }), 'report-chart-category'));
  const days = r.daily ?? [];
  charts.append(chartPanel(t('reports.chart.ticketsDaily'), svgLineChart({
    labels: days.map((d) => shortDate(d.date)),
    series: [
      { name: t('reports.series.opened'), values: days.map((d) => d.opened) },
      { name: t('reports.series.resolved'), values: days.map((d) => d.resolved) },
      { name: t('reports.series.closed'), values: days.map((d) => d.closed) },
    ] }, { title: t('reports.chart.ticketsDaily') }), 'report-chart-tickets-daily'));
  charts.append(chartPanel(t('reports.chart.level'), svgBarChart((r.byEscalationLevel ?? []).map((x) => ({
    label: levelName(x.key), value: x.opened, testid: `report-bar-level-${x.key}`, onclick: byDim('level', x.key, levelName(x.key)),
    color: x.key === '0' ? palette[2] : palette[4] })), { title: t('reports.chart.level') }), 'report-chart-level'));
  charts.append(chartPanel(t('reports.chart.priority'), svgBarChart((r.byPriority ?? []).map((x) => ({
    label: priorityName(x.key), value: x.opened, testid: `report-bar-priority-${x.key}`, onclick: byDim('priority', x.key, priorityName(x.key)) })),
  { title: t('reports.chart.priority'), color: palette[3] }), 'report-chart-priority'));
  if ((r.topRooms ?? []).length) {
    charts.append(chartPanel(t('reports.chart.rooms'), svgHBarChart(r.topRooms.map((x) => ({
      label: x.key, value: x.opened, testid: `report-bar-room-${x.key}`, onclick: byDim('room', x.key, x.key) })),
    { title: t('reports.chart.rooms'), color: palette[5] }), 'report-chart-rooms'));
  }
  const scores = r.satisfactionScores ?? [];
  charts.append(chartPanel(t('reports.chart.callbacks'), svgBarChart([
    ...scores.map((n, i) => ({ label: String(i + 1), value: n, color: i >= 3 ? palette[2] : palette[1] })),
    { label: t('reports.notSolved'), value: c.notSolved, color: palette[4] },
  ], { title: t('reports.chart.callbacks') }), 'report-chart-callbacks'));
  box.append(charts);

  const people = (r.byAssignee ?? []).slice().sort((a, b) => b.escalated3 - a.escalated3 || b.opened - a.opened || a.key.localeCompare(b.key));
  box.append(el('h3', {}, t('reports.assignees')), table(
    [t('reports.assignee'), t('reports.opened'), t('reports.closed'), t('reports.overdue'), t('reports.onTimeRate'), t('reports.escalated3')],
    people.map((x) => [x.key || t('reports.noAssignee'), String(x.opened), String(x.closed), String(x.overdue), pct(x.onTimeRatePercent),
      x.escalated3 ? el('strong', { class: 'bad' }, String(x.escalated3)) : '0']),
    { testid: 'report-assignees', onRow: (i) => drill('tickets', people[i].escalated3 ? 'escalated-3' : 'opened',
      `${people[i].key || t('reports.noAssignee')}`, { dimension: 'assignee', key: people[i].key }) }));

  const depts = r.byDepartment ?? [];
  box.append(el('h3', {}, t('reports.departments')), table(
    [t('reports.department'), t('reports.opened'), t('reports.closed'), t('reports.overdue'), t('reports.onTimeRate')],
    depts.map((x) => [x.key || t('reports.noDepartment'), String(x.opened), String(x.closed), String(x.overdue), pct(x.onTimeRatePercent)]),
    { testid: 'report-departments', onRow: (i) => byDim('department', depts[i].key, depts[i].key || t('reports.noDepartment'))() }));
}

// ---------------------------------------------------------------------------------------
// Drill-down

async function showDrill(box, kind, metric, name, params) {
  const apiPath = `/api/v1/reports/${kind}/drill`, csvPath = `/api/v1/exports/reports/${kind}/drill`;
  const p = { ...params, metric };
  clear(box).hidden = false;
  box.append(el('div', { class: 'row' }, el('h2', {}, t('reports.drill.title', { name })),
    el('a', { class: 'button', href: query(csvPath, p), download: '', 'data-testid': 'report-drill-csv' }, t('reports.csvDrill')),
    el('button', { type: 'button', 'data-testid': 'report-drill-close', onclick: () => { clear(box).hidden = true; } }, t('reports.drill.close'))),
  el('p', { class: 'muted' }, t('reports.loading')));
  window.scrollTo({ top: Math.max(0, box.getBoundingClientRect().top + window.scrollY - 64) });
  let d;
  try {
    d = await api('GET', query(apiPath, p));
  } catch (e) {
    box.querySelector('p.muted')?.remove();
    box.append(el('div', { class: 'form-error', role: 'alert', 'data-testid': 'report-error' }, e.message));
    return;
  }
  box.querySelector('p.muted')?.remove();
  const gap = missingSites(d);
  if (gap) box.append(gap);
  box.append(el('p', { 'data-testid': 'report-drill-count', 'data-total': d.total, 'data-counted': d.counted },
    t('reports.drill.count', { total: d.total, counted: d.counted }), d.truncated ? t('reports.drill.truncated', { n: d.rows.length }) : ''));
  box.append(kind === 'calls' ? callRows(d.rows) : ticketRows(d.rows));
}

const yesNo = (b) => (b ? t('reports.yes') : t('reports.no'));
const ticketLink = (id, text) => el('a', { href: `#/ticket/${encodeURIComponent(id)}`, 'data-testid': `report-drill-link-${id}` }, text ?? id);

function callRows(rows) {
  return table(
    [t('reports.col.call'), t('reports.col.time'), t('reports.col.caller'), t('reports.col.outcome'), t('reports.col.agent'),
      t('reports.col.wait'), t('reports.col.handling'), t('reports.col.tickets'), t('reports.col.counted')],
    rows.map((r) => [r.callID, fmtTime(r.enteredAtMs), r.caller, t(`reports.outcome.${r.outcome}`), r.answeredBy ?? '—',
      dur(r.waitMs), dur(r.handlingMs), r.tickets.length ? r.tickets.map((id) => [ticketLink(id), ' ']) : '—', yesNo(r.counted)]),
    { testid: 'report-drill-list', rowTestid: (i) => `report-drill-call-${rows[i].callID}` });
}

function ticketRows(rows) {
  return table(
    [t('reports.col.number'), t('reports.col.title'), t('tickets.category'), t('reports.col.status'), t('reports.col.level'),
      t('tickets.created'), t('reports.col.resolution'), t('reports.col.satisfaction'), t('reports.col.counted')],
    rows.map((r) => [ticketLink(r.id, r.number), r.title, categoryName(r.category), t(`status.${r.status}`), String(r.escalationLevel),
      fmtTime(r.createdAtMs), dur(r.resolutionMs), r.satisfaction ?? '—', yesNo(r.counted)]),
    { testid: 'report-drill-list', rowTestid: (i) => `report-drill-ticket-${rows[i].id}`,
      onRow: (i) => navigate(`#/ticket/${encodeURIComponent(rows[i].id)}`) });
}

export { lang };
"""#)
}
