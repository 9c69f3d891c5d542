extension ConsoleAssets {
    static let ticketActionsJS = ConsoleAsset("ticketactions.js", #"""
// ticketactions.js — what an agent or a supervisor does on a ticket page (#/ticket/<id>):
// dispatch / re-assign (派工, 二次指派), note, resolve, callback with satisfaction (回访), close,
// suspend / resume, cancel, and reopen as a child (后继子工单). Each action is a button
// `ticket-action-<action>` opening a small form `<action>-form` whose inputs are named as the
// API's fields (test ids `<action>-<field>`) and whose button is `<action>-submit`.
import { api, t, el, strings, formError, formValues, toast, navigate } from './core.js';
import { addTicketActions, categories, priorities } from './ticket.js';
import { pageStyles } from './lookup.js';

strings({
  'zh-CN': {
    'act.dispatch': '派单/改派', 'act.note': '备注', 'act.resolve': '处理完成', 'act.callback': '回访', 'act.close': '关闭',
    'act.suspend': '挂起', 'act.resume': '恢复', 'act.cancel': '取消工单', 'act.child': '生成子工单',
    'act.assignee': '处理人', 'act.department': '部门', 'act.mode': '派单方式', 'act.noteText': '说明', 'act.text': '备注内容',
    'act.summary': '处理结果', 'act.satisfaction': '满意度', 'act.comment': '业主意见', 'act.needsFollowUp': '需要跟进（生成子工单）',
    'act.residentConfirmed': '业主已确认', 'act.apology': '致歉', 'act.reason': '原因', 'act.remedy': '补救措施',
    'act.independent': '独立的新问题（仅关联原工单）', 'act.title': '标题', 'act.category': '类别', 'act.priority': '级别',
    'act.description': '描述', 'act.submit': '提交', 'act.done': '已保存', 'act.childOpened': '已生成子工单 {number}',
    'act.followUpTitle': '跟进：{title}', 'act.notSolved': '未解决',
    'mode.assign': '指派', 'mode.grab': '抢单', 'mode.roundRobin': '轮派',
  },
  en: {
    'act.dispatch': 'Dispatch / re-assign', 'act.note': 'Note', 'act.resolve': 'Resolve', 'act.callback': 'Callback', 'act.close': 'Close',
    'act.suspend': 'Suspend', 'act.resume': 'Resume', 'act.cancel': 'Cancel ticket', 'act.child': 'Open child ticket',
    'act.assignee': 'Assignee', 'act.department': 'Department', 'act.mode': 'Mode', 'act.noteText': 'Note', 'act.text': 'Note',
    'act.summary': 'Summary', 'act.satisfaction': 'Satisfaction', 'act.comment': 'Resident comment', 'act.needsFollowUp': 'Needs follow-up (opens a child ticket)',
    'act.residentConfirmed': 'Resident confirmed', 'act.apology': 'Apology', 'act.reason': 'Reason', 'act.remedy': 'Remedy',
    'act.independent': 'Independent new problem (only references this ticket)', 'act.title': 'Title', 'act.category': 'Category',
    'act.priority': 'Priority', 'act.description': 'Description', 'act.submit': 'Submit', 'act.done': 'Saved',
    'act.childOpened': 'Child ticket {number} opened', 'act.followUpTitle': 'Follow-up: {title}', 'act.notSolved': 'Not solved',
    'mode.assign': 'Assign', 'mode.grab': 'Grab', 'mode.roundRobin': 'Round-robin',
  },
});

const writers = ['agent', 'site_supervisor', 'admin'];
const working = ['dispatched', 'accepted', 'onSite'];

// Field builders: [kind, name, labelKey, options]
const text = (name, label, value) => ({ kind: 'input', name, label, value });
const area = (name, label, value) => ({ kind: 'textarea', name, label, value });
const check = (name, label, checked) => ({ kind: 'checkbox', name, label, checked });
const choice = (name, label, options, value) => ({ kind: 'select', name, label, options, value });

/** The actions, when each applies, its fields and the request it makes. */
const actions = [
  { id: 'dispatch', when: (s) => s === 'open' || working.includes(s),
    fields: (tk) => [text('assignee', 'act.assignee'), text('department', 'act.department', tk.department),
      choice('mode', 'act.mode', ['assign', 'grab', 'roundRobin'].map((m) => [m, t(`mode.${m}`)]), 'assign'), text('note', 'act.noteText')],
    body: (v, tk) => ({ type: tk.status === 'open' ? 'assigned' : 'reassigned', ...v }) },
  { id: 'note', when: (s) => !['closed', 'cancelled'].includes(s), fields: () => [area('text', 'act.text')],
    body: (v) => ({ type: 'note', ...v }) },
  { id: 'resolve', when: (s) => ['open', 'accepted', 'onSite'].includes(s), fields: () => [area('summary', 'act.summary')],
    body: (v) => ({ type: 'resolved', ...v }) },
  { id: 'callback', when: (s) => s === 'resolved',
    fields: () => [choice('satisfaction', 'act.satisfaction', [['5', '5 ★★★★★'], ['4', '4 ★★★★'], ['3', '3 ★★★'], ['2', '2 ★★'], ['1', '1 ★'], ['notSolved', t('act.notSolved')]], '5'),
      area('comment', 'act.comment'), check('needsFollowUp', 'act.needsFollowUp', false)],
    body: (v) => ({ type: 'callback', ...v, satisfaction: /^\d+$/.test(v.satisfaction ?? '') ? Number(v.satisfaction) : v.satisfaction }) },
  { id: 'close', when: (s) => s === 'resolved',
    fields: () => [check('residentConfirmed', 'act.residentConfirmed', true), text('apology', 'act.apology'), text('reason', 'act.reason'), text('remedy', 'act.remedy')],
    body: (v) => ({ type: 'closed', ...v }) },
  { id: 'suspend', when: (s) => working.includes(s), fields: () => [text('reason', 'act.reason')], body: (v) => ({ type: 'suspended', ...v }) },
  { id: 'resume', when: (s) => s === 'suspended', fields: () => [], body: () => ({ type: 'resumed' }) },
  { id: 'cancel', when: (s) => s === 'open' || s === 'suspended' || working.includes(s), fields: () => [text('reason', 'act.reason')],
    body: (v) => ({ type: 'cancelled', ...v }) },
  { id: 'child', when: (s) => s !== 'cancelled', path: 'children',
    fields: (tk) => [text('title', 'act.title', t('act.followUpTitle', { title: tk.title })),
      choice('category', 'act.category', categories.map((c) => [c, t(`category.${c}`)]), tk.category),
      choice('priority', 'act.priority', priorities.map((p) => [p, t(`priority.${p}`)]), tk.priority),
      area('description', 'act.description'), check('independent', 'act.independent', false)],
    body: (v, tk) => ({ residentID: tk.residentID, roomID: tk.roomID, buildingID: tk.buildingID, callerPhone: tk.callerPhone, channel: tk.channel, ...v }) },
];

function input(action, f) {
  const testid = `${action}-${f.name}`;
  if (f.kind === 'checkbox') {
    return el('label', { class: 'check' }, el('input', { type: 'checkbox', name: f.name, 'data-testid': testid, checked: f.checked }), ' ', t(f.label));
  }
  const node = f.kind === 'select'
    ? el('select', { name: f.name, 'data-testid': testid }, f.options.map(([v, label]) => el('option', { value: v, selected: v === f.value }, label)))
    : el(f.kind, { name: f.name, 'data-testid': testid, value: f.kind === 'input' ? (f.value ?? '') : undefined }, f.kind === 'textarea' ? (f.value ?? '') : null);
  return el('label', { class: 'field' }, el('span', {}, t(f.label)), node);
}

/** Department and assignee suggestions from the site's dispatch rules (best effort). */
async function suggestions(form, ticket) {
  try {
    const rules = await api('GET', `/api/v1/dispatch-rules?site=${encodeURIComponent(ticket.site)}`);
    const list = rules.rules ?? rules;
    const people = [...new Set(list.flatMap((r) => r.assignees ?? []))].sort();
    const depts = [...new Set(list.map((r) => r.department).filter(Boolean))].sort();
    form.append(el('datalist', { id: 'dispatch-people' }, people.map((p) => el('option', { value: p }))),
      el('datalist', { id: 'dispatch-depts' }, depts.map((d) => el('option', { value: d }))));
    form.querySelector('[name="assignee"]')?.setAttribute('list', 'dispatch-people');
    form.querySelector('[name="department"]')?.setAttribute('list', 'dispatch-depts');
  } catch { /* suggestions only */ }
}

function actionForm(action, ticket, reload) {
  const form = el('form', { class: 'panel action-form', 'data-testid': `${action.id}-form`, novalidate: true },
    el('h3', {}, t(`act.${action.id}`)), action.fields(ticket).map((f) => input(action.id, f)),
    el('button', { type: 'submit', class: 'primary', 'data-testid': `${action.id}-submit` }, t('act.submit')));
  if (action.id === 'dispatch') suggestions(form, ticket);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    formError(form, null);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const path = `/api/v1/tickets/${encodeURIComponent(ticket.id)}/${action.path ?? 'events'}`;
      const answer = await api('POST', path, action.body(formValues(form), ticket));
      if (answer?.child) {
        toast(t('act.childOpened', { number: answer.child.number }), 'ok');
        if (action.id === 'child') { navigate(`#/ticket/${encodeURIComponent(answer.child.id)}`); return; }
      } else {
        toast(t('act.done'), 'ok');
      }
      reload();
    } catch (e) {
      formError(form, e);
      button.disabled = false;
    }
  });
  return form;
}

addTicketActions((ticket, reload, me) => {
  if (!me || !writers.includes(me.role)) return null;
  pageStyles();
  const slot = el('div', { class: 'action-slot' });
  const open = actions.filter((a) => a.when(ticket.status));
  let shown = null;
  const buttons = open.map((a) => el('button', {
    type: 'button', 'data-testid': `ticket-action-${a.id}`,
    onclick: () => {
      if (shown === a.id) { slot.replaceChildren(); shown = null; return; }
      shown = a.id;
      slot.replaceChildren(actionForm(a, ticket, reload));
      slot.querySelector('input, textarea, select')?.focus();
    },
  }, t(`act.${a.id}`)));
  return el('div', { class: 'ticket-actions', 'data-testid': 'ticket-actions' }, el('div', { class: 'row start' }, buttons), slot);
});
"""#)
}
