extension ConsoleAssets {
    static let ticketJS = ConsoleAsset("ticket.js", #"""
// ticket.js — the work-order list (#/tickets) and one ticket with its timeline (#/ticket/<id>).
import { api, t, el, strings, registerPage, query, table, fmtTime, navigate, showPageError, me } from './core.js';

export const statuses = ['open', 'dispatched', 'accepted', 'onSite', 'suspended', 'resolved', 'closed', 'cancelled'];
export const categories = ['repair', 'publicFacilityRepair', 'complaint', 'suggestion', 'consultation', 'emergency', 'feePayment',
  'booking', 'communityEvent', 'listing', 'insuranceClaim', 'neighbourDispute', 'salesInquiry', 'praise'];
export const priorities = ['ordinary', 'major', 'emergency'];

strings({
  'zh-CN': {
    'tickets.nav': '工单', 'tickets.title': '工单列表', 'tickets.allStatuses': '全部状态', 'tickets.total': '共 {n} 张',
    'tickets.number': '单号', 'tickets.subject': '标题', 'tickets.category': '类别', 'tickets.priority': '级别',
    'tickets.status': '状态', 'tickets.assignee': '处理人', 'tickets.created': '创建时间', 'tickets.site': '小区',
    'tickets.escalation': '升级', 'ticket.description': '描述', 'ticket.resident': '业主', 'ticket.room': '房间',
    'ticket.phone': '来电号码', 'ticket.timeline': '处理过程', 'ticket.event.actor': '操作人', 'ticket.notFound': '找不到该工单。',
    'status.open': '待派单', 'status.dispatched': '已派单', 'status.accepted': '已接单', 'status.onSite': '已到场',
    'status.suspended': '挂起', 'status.resolved': '已处理待回访', 'status.closed': '已关闭', 'status.cancelled': '已取消',
    'category.repair': '报修', 'category.publicFacilityRepair': '公共设施报修', 'category.complaint': '投诉', 'category.suggestion': '建议',
    'category.consultation': '咨询', 'category.emergency': '紧急救助', 'category.feePayment': '缴费', 'category.booking': '预订',
    'category.communityEvent': '社区活动', 'category.listing': '租售信息', 'category.insuranceClaim': '保险理赔',
    'category.neighbourDispute': '邻里纠纷', 'category.salesInquiry': '销售咨询', 'category.praise': '表扬',
    'priority.ordinary': '一般', 'priority.major': '重大', 'priority.emergency': '紧急',
    'event.created': '受理', 'event.assigned': '派单', 'event.reassigned': '改派', 'event.accepted': '接单', 'event.arrived': '到场',
    'event.note': '备注', 'event.suspended': '挂起', 'event.resumed': '恢复', 'event.resolved': '处理完成', 'event.callback': '回访',
    'event.childOpened': '生成子工单', 'event.warned': '超时预警', 'event.escalated': '升级', 'event.closed': '关闭', 'event.cancelled': '取消',
  },
  en: {
    'tickets.nav': 'Tickets', 'tickets.title': 'Work orders', 'tickets.allStatuses': 'All statuses', 'tickets.total': '{n} in all',
    'tickets.number': 'Number', 'tickets.subject': 'Title', 'tickets.category': 'Category', 'tickets.priority': 'Priority',
    'tickets.status': 'Status', 'tickets.assignee': 'Assignee', 'tickets.created': 'Created', 'tickets.site': 'Site',
    'tickets.escalation': 'Level', 'ticket.description': 'Description', 'ticket.resident': 'Resident', 'ticket.room': 'Room',
    'ticket.phone': 'Caller', 'ticket.timeline': 'Timeline', 'ticket.event.actor': 'By', 'ticket.notFound': 'No such work order.',
    'status.open': 'Open', 'status.dispatched': 'Dispatched', 'status.accepted': 'Accepted', 'status.onSite': 'On site',
    'status.suspended': 'Suspended', 'status.resolved': 'Resolved, awaiting callback', 'status.closed': 'Closed', 'status.cancelled': 'Cancelled',
    'category.repair': 'Repair', 'category.publicFacilityRepair': 'Public facility repair', 'category.complaint': 'Complaint',
    'category.suggestion': 'Suggestion', 'category.consultation': 'Consultation', 'category.emergency': 'Emergency',
    'category.feePayment': 'Fee payment', 'category.booking': 'Booking', 'category.communityEvent': 'Community event',
    'category.listing': 'Listing', 'category.insuranceClaim': 'Insurance claim', 'category.neighbourDispute': 'Neighbour dispute',
    'category.salesInquiry': 'Sales inquiry', 'category.praise': 'Praise',
    'priority.ordinary': 'Ordinary', 'priority.major': 'Major', 'priority.emergency': 'Emergency',
    'event.created': 'Created', 'event.assigned': 'Dispatched', 'event.reassigned': 'Re-assigned', 'event.accepted': 'Accepted',
    'event.arrived': 'Arrived', 'event.note': 'Note', 'event.suspended': 'Suspended', 'event.resumed': 'Resumed',
    'event.resolved': 'Resolved', 'event.callback': 'Callback', 'event.childOpened': 'Child ticket', 'event.warned': 'SLA warning',
    'event.escalated': 'Escalated', 'event.closed': 'Closed', 'event.cancelled': 'Cancelled',
  },
});

/** A status badge carrying the raw status (tests read `data-status`). */
export function statusBadge(status, testid) {
  return el('span', { class: `badge status-${status}`, 'data-status': status, 'data-testid': testid }, t(`status.${status}`));
}

/** One line describing an event of the timeline. */
export function eventSummary(e) {
  const bits = [];
  if (e.assignee) bits.push(`→ ${e.assignee}${e.department ? ` (${e.department})` : ''}`);
  for (const k of ['text', 'summary', 'reason', 'comment', 'note']) if (e[k]) bits.push(e[k]);
  if (e.level) bits.push(`L${e.level}`);
  if (e.satisfaction !== undefined) bits.push(typeof e.satisfaction === 'object' ? JSON.stringify(e.satisfaction) : String(e.satisfaction));
  if (e.childID) bits.push(`#${e.childID}`);
  return bits.join(' · ');
}

registerPage({
  id: 'tickets',
  nav: 'tickets.nav',
  roles: ['agent', 'site_supervisor', 'hq_analyst', 'admin'],
  async render(view, { query: q }) {
    const status = el('select', { 'data-testid': 'tickets-status', onchange: () => navigate(`#/tickets?status=${status.value}`) },
      el('option', { value: '' }, t('tickets.allStatuses')),
      statuses.map((s) => el('option', { value: s, selected: q.status === s }, t(`status.${s}`))));
    const body = el('div', {}, t('core.loading'));
    view.append(el('section', { class: 'panel' }, el('div', { class: 'row' }, el('h1', {}, t('tickets.title')), status), body));
    const scope = me()?.site && me().site !== '*' ? me().site : undefined;
    const page = await api('GET', query('/api/v1/tickets', { status: q.status, site: scope, limit: 100 }));
    body.replaceChildren(el('p', { class: 'muted' }, t('tickets.total', { n: page.total })),
      table([t('tickets.number'), t('tickets.subject'), t('tickets.category'), t('tickets.priority'), t('tickets.status'),
        t('tickets.assignee'), t('tickets.escalation'), t('tickets.created')],
      page.tickets.map((x) => [x.number, x.title, t(`category.${x.category}`), t(`priority.${x.priority}`), statusBadge(x.status),
        x.assignee ?? '—', x.escalationLevel ? `L${x.escalationLevel}` : '—', fmtTime(x.createdAtMs)]),
      { testid: 'tickets-list', rowTestid: (i) => `ticket-row-${page.tickets[i].id}`, onRow: (i) => navigate(`#/ticket/${page.tickets[i].id}`) }));
  },
});

/** Renders one ticket; `extraActions(ticket, reload)` (optional) adds action panels. */
export async function renderTicket(view, id, extraActions) {
  let ticket, events;
  try {
    [ticket, events] = await Promise.all([api('GET', `/api/v1/tickets/${encodeURIComponent(id)}`),
      api('GET', `/api/v1/tickets/${encodeURIComponent(id)}/events`)]);
  } catch (e) {
    showPageError(view, e.status === 404 ? { message: t('ticket.notFound') } : e);
    return;
  }
  const reload = () => { view.replaceChildren(); renderTicket(view, id, extraActions); };
  const facts = [
    [t('tickets.category'), t(`category.${ticket.category}`)], [t('tickets.priority'), t(`priority.${ticket.priority}`)],
    [t('tickets.site'), ticket.site], [t('tickets.assignee'), ticket.assignee ?? '—'],
    [t('ticket.resident'), ticket.residentID ?? '—'], [t('ticket.room'), ticket.roomID ?? '—'],
    [t('ticket.phone'), ticket.callerPhone ?? '—'], [t('tickets.escalation'), ticket.escalationLevel ? `L${ticket.escalationLevel}` : '—'],
    [t('tickets.created'), fmtTime(ticket.createdAtMs)],
  ];
  view.append(el('section', { class: 'panel ticket', 'data-ticket-id': ticket.id },
    el('div', { class: 'row' }, el('h1', {}, el('span', { 'data-testid': 'ticket-number' }, ticket.number), ' ', ticket.title),
      statusBadge(ticket.status, 'ticket-status')),
    el('dl', { class: 'facts' }, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    ticket.description ? el('p', { class: 'description' }, ticket.description) : null,
    extraActions ? extraActions(ticket, reload) : null,
    el('h2', {}, t('ticket.timeline')),
    el('ol', { class: 'timeline', 'data-testid': 'ticket-timeline' }, events.events.map((e) => el('li', { 'data-testid': `timeline-${e.type}` },
      el('span', { class: 'when' }, fmtTime(e.atMs)), el('strong', {}, t(`event.${e.type}`)),
      el('span', { class: 'muted' }, ` ${t('ticket.event.actor')} ${e.actor}`), el('div', {}, eventSummary(e)))))));
}

const ticketActionHooks = [];
/** Pages add action panels to the ticket page (the agent desktop, the technician view). */
export function addTicketActions(fn) { ticketActionHooks.push(fn); }

registerPage({
  id: 'ticket',
  async render(view, { segments }) {
    await renderTicket(view, segments[0] ?? '', (ticket, reload) =>
      el('div', { class: 'actions' }, ticketActionHooks.map((fn) => fn(ticket, reload, me()))));
  },
});
"""#)
}
