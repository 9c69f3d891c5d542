extension ConsoleAssets {
    static let ticketFormJS = ConsoleAsset("ticketform.js", #"""
// ticketform.js — the intake form of a work order (工单受理), used by the agent desktop (prefilled
// from the screen pop) and by the page #/ticket-new?residentID=…&roomID=…&callerPhone=…&callID=….
// Inputs are named as the API's fields, so `formError` puts the API's message next to the right one.
import { api, t, el, strings, registerPage, formError, formValues } from './core.js';
import { categories, priorities } from './ticket.js';
import { pageStyles } from './lookup.js';

strings({
  'zh-CN': {
    'ticketForm.nav': '新建工单', 'ticketForm.title': '新建工单', 'ticketForm.subject': '标题', 'ticketForm.category': '类别',
    'ticketForm.priority': '级别', 'ticketForm.description': '问题描述', 'ticketForm.room': '房间编号', 'ticketForm.resident': '业主编号',
    'ticketForm.phone': '来电号码', 'ticketForm.call': '通话编号', 'ticketForm.submit': '提交工单',
    'ticketForm.created': '已创建工单 {number}', 'ticketForm.open': '查看工单', 'ticketForm.channel': '受理渠道',
    'channel.phone': '电话', 'channel.ivr': '自助语音', 'channel.email': '邮件', 'channel.chat': '在线咨询', 'channel.app': 'App',
    'channel.web': '网页', 'channel.walkIn': '上门',
  },
  en: {
    'ticketForm.nav': 'New ticket', 'ticketForm.title': 'New work order', 'ticketForm.subject': 'Title', 'ticketForm.category': 'Category',
    'ticketForm.priority': 'Priority', 'ticketForm.description': 'Description', 'ticketForm.room': 'Room id', 'ticketForm.resident': 'Resident id',
    'ticketForm.phone': 'Caller number', 'ticketForm.call': 'Call id', 'ticketForm.submit': 'Create work order',
    'ticketForm.created': 'Work order {number} created', 'ticketForm.open': 'Open it', 'ticketForm.channel': 'Channel',
    'channel.phone': 'Phone', 'channel.ivr': 'IVR', 'channel.email': 'E-mail', 'channel.chat': 'Chat', 'channel.app': 'App',
    'channel.web': 'Web', 'channel.walkIn': 'Walk-in',
  },
});

const channels = ['phone', 'ivr', 'email', 'chat', 'app', 'web', 'walkIn'];

/** A labelled control with a fixed id (the browser tests find `ticket-…` by id and test id). */
function control(label, node) {
  return el('label', { class: 'field', for: node.id }, el('span', {}, label), node);
}

function select(name, id, values, prefix, selected) {
  return el('select', { name, id, 'data-testid': id },
    values.map((v) => el('option', { value: v, selected: v === selected }, t(`${prefix}.${v}`))));
}

/**
 * The intake form. `prefill`: { title, category, priority, description, residentID, roomID,
 * callerPhone, callID, channel, rooms: [room ids offered in a list] }. `onCreated(ticket)` is
 * called after the API accepted it; the form then shows `ticket-created` with a link.
 */
export function ticketForm(prefill = {}, onCreated = () => {}) {
  const rooms = el('datalist', { id: 'ticket-room-options' }, (prefill.rooms ?? []).map((r) => el('option', { value: r })));
  const outcome = el('div', { class: 'outcome' });
  const form = el('form', { class: 'ticket-form', 'data-testid': 'ticket-form', novalidate: true },
    el('h2', {}, t('ticketForm.title')),
    control(t('ticketForm.subject'), el('input', { name: 'title', id: 'ticket-title', 'data-testid': 'ticket-title', value: prefill.title ?? '', maxlength: 200 })),
    el('div', { class: 'cols tight' },
      control(t('ticketForm.category'), select('category', 'ticket-category', categories, 'category', prefill.category ?? 'repair')),
      control(t('ticketForm.priority'), select('priority', 'ticket-priority', priorities, 'priority', prefill.priority ?? 'ordinary')),
      control(t('ticketForm.channel'), select('channel', 'ticket-channel', channels, 'channel', prefill.channel ?? 'phone'))),
    control(t('ticketForm.description'), el('textarea', { name: 'description', id: 'ticket-description', 'data-testid': 'ticket-description' }, prefill.description ?? '')),
    el('div', { class: 'cols tight' },
      control(t('ticketForm.room'), el('input', { name: 'roomID', id: 'ticket-room', 'data-testid': 'ticket-room', list: 'ticket-room-options', value: prefill.roomID ?? '' })),
      control(t('ticketForm.resident'), el('input', { name: 'residentID', id: 'ticket-resident', 'data-testid': 'ticket-resident', value: prefill.residentID ?? '' })),
      control(t('ticketForm.phone'), el('input', { name: 'callerPhone', id: 'ticket-phone', 'data-testid': 'ticket-phone', value: prefill.callerPhone ?? '' }))),
    el('input', { type: 'hidden', name: 'callID', id: 'ticket-call', 'data-testid': 'ticket-call', value: prefill.callID ?? '' }),
    rooms,
    el('button', { type: 'submit', class: 'primary', 'data-testid': 'ticket-submit' }, t('ticketForm.submit')),
    outcome);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    formError(form, null);
    const button = form.querySelector('[data-testid="ticket-submit"]');
    button.disabled = true;
    try {
      const ticket = await api('POST', '/api/v1/tickets', formValues(form));
      outcome.replaceChildren(el('div', { class: 'ok', 'data-testid': 'ticket-created', 'data-ticket-id': ticket.id },
        t('ticketForm.created', { number: ticket.number }), ' ',
        el('a', { href: `#/ticket/${encodeURIComponent(ticket.id)}`, 'data-testid': 'ticket-created-link' }, t('ticketForm.open'))));
      onCreated(ticket);
    } catch (e) {
      formError(form, e);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

registerPage({
  id: 'ticket-new',
  nav: 'ticketForm.nav',
  roles: ['agent', 'site_supervisor', 'admin'],
  render(view, { query: q }) {
    pageStyles();
    view.append(el('section', { class: 'panel' }, ticketForm({
      title: q.title, category: q.category, priority: q.priority, residentID: q.residentID, roomID: q.roomID,
      callerPhone: q.callerPhone, callID: q.callID, channel: q.channel,
    })));
  },
});
"""#)
}
