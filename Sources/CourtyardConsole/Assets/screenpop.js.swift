extension ConsoleAssets {
    static let screenPopJS = ConsoleAsset("screenpop.js", #"""
// screenpop.js — the body of a screen pop (来电弹屏): the caller's residents with rooms, roles and
// arrears, open tickets, history, the last agent and recordings of earlier calls.
import { t, el, strings, table, fmtTime, fmtDuration } from './core.js';
import { statusBadge } from './ticket.js';
import { yuan, roomLabel } from './lookup.js';

strings({
  'zh-CN': {
    'pop.unknown': '未登记的号码', 'pop.withheld': '未显示号码', 'pop.rooms': '房间', 'pop.openTickets': '未完结工单',
    'pop.history': '历史工单', 'pop.recordings': '通话录音', 'pop.lastAgent': '上次接待：{agent}', 'pop.arrears': '欠费合计：{amount}',
    'pop.resident': '住户', 'pop.play': '播放', 'pop.when': '时间', 'pop.duration': '时长', 'pop.agent': '坐席',
  },
  en: {
    'pop.unknown': 'Unknown number', 'pop.withheld': 'Number withheld', 'pop.rooms': 'Rooms', 'pop.openTickets': 'Open tickets',
    'pop.history': 'History', 'pop.recordings': 'Recordings', 'pop.lastAgent': 'Last agent: {agent}', 'pop.arrears': 'Arrears: {amount}',
    'pop.resident': 'Resident', 'pop.play': 'Play', 'pop.when': 'When', 'pop.duration': 'Duration', 'pop.agent': 'Agent',
  },
});

function tickets(list, testid) {
  return table([t('tickets.number'), t('tickets.subject'), t('tickets.status'), t('tickets.created')],
    list.map((x) => [el('a', { href: `#/ticket/${encodeURIComponent(x.id)}` }, x.number), x.title, statusBadge(x.status), fmtTime(x.createdAtMs)]),
    { testid, rowTestid: (i) => `${testid}-${list[i].id}` });
}

/** A recordings table; `play(callId)` plays one (buttons `recording-play-<callId>`). */
export function recordingTable(list, play, testid) {
  return table([t('pop.when'), t('ticket.phone'), t('pop.agent'), t('pop.duration'), ''],
    list.map((r) => [fmtTime(r.startedAtMs), r.caller, r.agent ?? '—', fmtDuration(r.durationMs),
      el('button', { type: 'button', class: 'small', 'data-testid': `recording-play-${r.callID}`, onclick: () => play(r.callID) }, t('pop.play'))]),
    { testid });
}

/** The pop's body from the API's `ScreenPop` (nil-safe: a pop may still be loading). */
export function popBody(pop, play) {
  if (!pop) return [el('p', { class: 'muted' }, t('core.loading'))];
  const residents = pop.residents ?? [];
  const rooms = residents.flatMap((r) => (r.rooms ?? []).map((room) => ({ resident: r, room })));
  return [
    el('div', { class: 'pop-who' },
      el('strong', { 'data-testid': 'pop-resident', class: 'pop-resident' },
        residents.length ? residents.map((r) => r.name).join('、') : t(pop.callerNumber ? 'pop.unknown' : 'pop.withheld')),
      residents.some((r) => r.note) ? el('span', { class: 'muted' }, ` ${residents.map((r) => r.note).filter(Boolean).join('；')}`) : null,
      el('span', { class: pop.arrearsCents > 0 ? 'bad' : 'muted', 'data-testid': 'pop-arrears' }, ` ${t('pop.arrears', { amount: yuan(pop.arrearsCents) })}`),
      pop.lastAgent ? el('span', { class: 'muted', 'data-testid': 'pop-last-agent' }, ` · ${t('pop.lastAgent', { agent: pop.lastAgent })}`) : null),
    el('div', { class: 'pop-grid' },
      el('div', {}, el('h3', {}, t('pop.rooms')),
        table([t('pop.resident'), t('lookup.room'), t('lookup.role'), t('lookup.arrears')],
          rooms.map(({ resident, room }) => [resident.name, `${roomLabel(room)} (${room.id})`, t(`role.${room.role}`), yuan(room.arrearsCents)]),
          { testid: 'pop-rooms', rowTestid: (i) => `pop-room-${rooms[i].room.id}` })),
      el('div', {}, el('h3', {}, t('pop.openTickets')), tickets(pop.openTickets ?? [], 'pop-open-tickets')),
      el('div', {}, el('h3', {}, t('pop.history')), tickets(pop.history ?? [], 'pop-history')),
      el('div', {}, el('h3', {}, t('pop.recordings')), recordingTable(pop.recordings ?? [], play, 'pop-recordings'))),
  ];
}
"""#)
}
