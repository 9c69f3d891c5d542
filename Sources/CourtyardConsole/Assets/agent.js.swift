extension ConsoleAssets {
    static let agentJS = ConsoleAsset("agent.js", #"""
// agent.js — the agent desktop (#/agent): sign in to the ACD, 示闲 / 示忙 with a reason, the live
// state and the screen pop over the agent's WebSocket (/api/v1/agents/<me>/events), answer and
// hang up, wrap-up done, one click from the pop to a prefilled work order, lookup, the case
// library, missed calls with call-back (回拨) and recording playback.
import { api, t, el, strings, registerPage, live, query, table, fmtTime, fmtDuration, formError, toast } from './core.js';
import { ticketForm } from './ticketform.js';
import { lookupPanel, casePanel, pageStyles } from './lookup.js';
import { popBody, recordingTable } from './screenpop.js';

strings({
  'zh-CN': {
    'agent.nav': '坐席工作台', 'agent.title': '坐席工作台', 'agent.signin': '签入', 'agent.signout': '签出', 'agent.ready': '示闲',
    'agent.notready': '示忙', 'agent.wrapupDone': '整理完毕', 'agent.reasonLabel': '示忙原因', 'agent.since': '自 {time}',
    'agent.state.loggedOut': '未签入', 'agent.state.available': '空闲', 'agent.state.notReady': '忙碌', 'agent.state.reserved': '振铃中',
    'agent.state.onCall': '通话中', 'agent.state.wrapUp': '话后整理', 'agent.state.onBreak': '小休',
    'agent.reason.meeting': '开会', 'agent.reason.training': '培训', 'agent.reason.lunch': '用餐', 'agent.reason.restroom': '洗手间',
    'agent.reason.followUp': '跟进处理', 'agent.reason.loggedIn': '刚签入', 'agent.reason.other': '其他',
    'agent.reason.missedOffers': '多次未接', 'agent.reason.scheduled': '计划休息',
    'agent.pop.title': '来电弹屏', 'agent.pop.offer': '来电振铃', 'agent.pop.connected': '通话中', 'agent.pop.ended': '通话已结束',
    'agent.pop.callback': '回拨', 'agent.answer': '接听', 'agent.hangup': '挂断', 'agent.createTicket': '新建工单', 'agent.dismiss': '关闭弹屏',
    'agent.missed': '未接来电', 'agent.missed.caller': '号码', 'agent.missed.at': '时间', 'agent.missed.waited': '等待',
    'agent.missed.queue': '队列', 'agent.missed.callback': '回拨', 'agent.missed.dial': '请拨打 {number}',
    'agent.recordings': '我的通话录音', 'agent.recordings.off': '录音不可用：{message}',
  },
  en: {
    'agent.nav': 'Agent desk', 'agent.title': 'Agent desktop', 'agent.signin': 'Sign in', 'agent.signout': 'Sign out', 'agent.ready': 'Ready',
    'agent.notready': 'Not ready', 'agent.wrapupDone': 'Wrap-up done', 'agent.reasonLabel': 'Reason', 'agent.since': 'since {time}',
    'agent.state.loggedOut': 'Signed out', 'agent.state.available': 'Ready', 'agent.state.notReady': 'Not ready', 'agent.state.reserved': 'Ringing',
    'agent.state.onCall': 'On call', 'agent.state.wrapUp': 'Wrap-up', 'agent.state.onBreak': 'On break',
    'agent.reason.meeting': 'Meeting', 'agent.reason.training': 'Training', 'agent.reason.lunch': 'Lunch', 'agent.reason.restroom': 'Restroom',
    'agent.reason.followUp': 'Follow-up', 'agent.reason.loggedIn': 'Just signed in', 'agent.reason.other': 'Other',
    'agent.reason.missedOffers': 'Missed offers', 'agent.reason.scheduled': 'Scheduled break',
    'agent.pop.title': 'Screen pop', 'agent.pop.offer': 'Ringing', 'agent.pop.connected': 'On call', 'agent.pop.ended': 'Call ended',
    'agent.pop.callback': 'Call-back', 'agent.answer': 'Answer', 'agent.hangup': 'Hang up', 'agent.createTicket': 'New ticket', 'agent.dismiss': 'Close pop',
    'agent.missed': 'Missed calls', 'agent.missed.caller': 'Number', 'agent.missed.at': 'When', 'agent.missed.waited': 'Waited',
    'agent.missed.queue': 'Queue', 'agent.missed.callback': 'Call back', 'agent.missed.dial': 'Please dial {number}',
    'agent.recordings': 'My recordings', 'agent.recordings.off': 'Recordings unavailable: {message}',
  },
});

/** 示忙 reasons an agent picks (loggedIn and the break reasons are set by the system). */
const reasons = ['meeting', 'training', 'lunch', 'restroom', 'followUp', 'other'];

registerPage({
  id: 'agent',
  nav: 'agent.nav',
  roles: ['agent', 'site_supervisor', 'admin'],
  render(view, params, { me }) {
    pageStyles();
    return desk(view, me);
  },
});

function desk(view, me) {
  const base = `/api/v1/agents/${encodeURIComponent(me.username)}`;
  let agent = { state: 'loggedOut' };
  let call = null; // { id, caller, pop, phase: offer | connected | ended | callback }
  let stopLive = null;
  const seg = (s) => encodeURIComponent(s).replace(/%3A/gi, ':'); // call ids carry a site prefix `site:…`
  const audio = el('audio', { controls: true, preload: 'none', 'data-testid': 'recording-audio' });
  const play = (callId) => {
    audio.src = `/api/v1/recordings/${seg(callId)}/audio`;
    audio.dataset.callId = callId;
    audio.play().catch(() => { /* autoplay may be refused; the controls remain */ });
  };

  // --- State bar -------------------------------------------------------------------------
  const stateText = el('strong', { class: 'agent-state', 'data-testid': 'agent-state', 'data-state': 'loggedOut' });
  const stateSince = el('span', { class: 'muted small' });
  const reason = el('select', { name: 'reason', 'data-testid': 'agent-reason', title: t('agent.reasonLabel') },
    reasons.map((r) => el('option', { value: r }, t(`agent.reason.${r}`))));
  const bar = el('form', { class: 'panel agent-bar', novalidate: true, onsubmit: (e) => e.preventDefault() });
  const button = (testid, key, onclick, cls) => el('button', { type: 'button', 'data-testid': testid, class: cls, onclick }, t(key));

  async function change(request) {
    formError(bar, null);
    try {
      const view = await request();
      showState(view ?? { state: 'loggedOut' });
    } catch (e) {
      formError(bar, e);
    }
  }

  function showState(v) {
    if (v.state !== agent.state) formError(bar, null);
    agent = v;
    stateText.dataset.state = v.state;
    stateText.textContent = t(`agent.state.${v.state}`) + (v.reason ? ` · ${t(`agent.reason.${v.reason}`)}` : '');
    stateSince.textContent = v.idleSinceMs ? ` ${t('agent.since', { time: fmtTime(v.idleSinceMs) })}` : '';
    for (const b of bar.querySelectorAll('button')) b.classList.toggle('active', b.dataset.for === v.state);
    if (v.state === 'loggedOut') closeLive(); else openLive();
  }

  bar.append(el('div', { class: 'row' },
    el('div', {}, el('h1', {}, t('agent.title')), stateText, stateSince),
    el('div', { class: 'row start' },
      button('agent-signin', 'agent.signin', () => change(() => api('POST', `${base}/login`, {}))),
      button('agent-ready', 'agent.ready', () => change(() => api('POST', `${base}/state`, { state: 'available' })), 'primary'),
      reason,
      button('agent-notready', 'agent.notready', () => change(() => api('POST', `${base}/state`, { state: 'notReady', reason: reason.value }))),
      button('agent-wrapup-done', 'agent.wrapupDone', () => change(() => api('POST', `${base}/wrapup-done`))),
      button('agent-signout', 'agent.signout', () => change(async () => { await api('POST', `${base}/logout`); return null; })))));
  bar.querySelector('[data-testid="agent-ready"]').dataset.for = 'available';
  bar.querySelector('[data-testid="agent-notready"]').dataset.for = 'notReady';

  // --- Screen pop --------------------------------------------------------------------------
  const pop = el('section', { class: 'panel pop', 'data-testid': 'pop', hidden: true });
  const ticketSlot = el('div', { 'data-testid': 'ticket-slot' });

  function showPop() {
    if (!call) { pop.hidden = true; pop.replaceChildren(); delete pop.dataset.callId; return; }
    pop.hidden = false;
    pop.dataset.callId = call.id ?? '';
    pop.dataset.phase = call.phase;
    const callAction = (action) => async () => {
      formError(pop, null);
      try { await api('POST', `${base}/calls/${seg(call.id)}/${action}`); } catch (e) { formError(pop, e); }
    };
    pop.replaceChildren(
      el('div', { class: 'row' },
        el('h2', {}, t('agent.pop.title'), ' ', el('span', { class: `badge phase-${call.phase}` }, t(`agent.pop.${call.phase}`))),
        el('span', { class: 'pop-caller', 'data-testid': 'pop-caller' }, call.caller ?? call.pop?.callerNumber ?? t('pop.withheld')),
        el('div', { class: 'row start' },
          call.phase === 'offer' ? button('pop-answer', 'agent.answer', callAction('answer'), 'primary') : null,
          call.phase === 'connected' ? button('pop-hangup', 'agent.hangup', callAction('hangup'), 'danger') : null,
          button('pop-create-ticket', 'agent.createTicket', () => openTicketForm()),
          call.phase === 'ended' || call.phase === 'callback' ? button('pop-dismiss', 'agent.dismiss', () => { call = null; showPop(); }) : null)),
      ...popBody(call.pop, play));
  }

  function openTicketForm(prefill) {
    const p = call?.pop;
    const resident = p?.residents?.[0];
    const rooms = (p?.residents ?? []).flatMap((r) => (r.rooms ?? []).map((room) => room.id));
    ticketSlot.replaceChildren(el('section', { class: 'panel' }, ticketForm(prefill ?? {
      residentID: resident?.id, roomID: resident?.rooms?.[0]?.id, rooms,
      callerPhone: p?.callerNumber ?? call?.caller, callID: call?.phase === 'callback' ? undefined : call?.id, channel: 'phone',
    })));
    ticketSlot.querySelector('#ticket-title')?.focus({ preventScroll: true });
  }

  async function loadPop(caller) {
    if (!caller) return;
    try {
      const found = await api('GET', query('/api/v1/screen-pop', { caller }));
      if (call && (call.caller === caller || call.pop === null)) { call.pop = found; showPop(); }
    } catch (e) { formError(pop, e); }
  }

  // --- Live events ---------------------------------------------------------------------------
  function onEvent(e) {
    switch (e.type) {
      case 'state':
        showState({ ...agent, state: e.state, reason: e.reason, call: e.call });
        break;
      case 'offer':
        call = { id: e.call, caller: e.caller, pop: e.screenPop ?? null, phase: 'offer' };
        showPop();
        if (!e.screenPop) loadPop(e.caller);
        break;
      case 'offerWithdrawn':
        if (call?.id === e.call && call.phase === 'offer') { call = null; showPop(); }
        break;
      case 'connected':
        if (call?.id !== e.call) { call = { id: e.call, caller: e.caller, pop: null, phase: 'connected' }; loadPop(e.caller); }
        call.phase = 'connected';
        showPop();
        break;
      case 'callEnded':
        if (call?.id === e.call) { call.phase = 'ended'; showPop(); }
        setTimeout(() => { refreshMissed(); refreshRecordings(); }, 1500);
        break;
      default:
        break;
    }
  }

  function openLive() {
    if (stopLive) return;
    stopLive = live(`${base}/events`, onEvent, 'ws', (s) => {
      if (s === 'live') api('GET', base).then((v) => { if (v.state !== agent.state) showState(v); }, () => {});
    });
  }
  function closeLive() { if (stopLive) { stopLive(); stopLive = null; } }

  // --- Missed calls --------------------------------------------------------------------------
  const missed = el('div', {});
  const missedPanel = el('section', { class: 'panel', 'data-testid': 'missed' }, el('h2', {}, t('agent.missed')), missed);
  async function refreshMissed() {
    try {
      const { missedCalls } = await api('GET', '/api/v1/missed-calls');
      missed.replaceChildren(table([t('agent.missed.caller'), t('agent.missed.at'), t('agent.missed.waited'), t('agent.missed.queue'), ''],
        missedCalls.map((m) => [m.callerNumber ? el('a', { href: `tel:${m.callerNumber}` }, m.callerNumber) : t('pop.withheld'),
          fmtTime(m.atMs), fmtDuration(m.waitedMs), m.queue,
          el('button', { type: 'button', 'data-testid': `missed-callback-${m.call}`, onclick: () => callBack(m) }, t('agent.missed.callback'))]),
        { testid: 'missed-list', rowTestid: (i) => `missed-${missedCalls[i].call}` }));
    } catch (e) {
      missed.replaceChildren(el('p', { class: 'muted', 'data-testid': 'missed-list' }, e.message));
    }
  }
  async function callBack(m) {
    formError(missedPanel, null);
    try {
      await api('POST', `/api/v1/missed-calls/${seg(m.call)}/callback`);
      if (m.callerNumber) {
        toast(t('agent.missed.dial', { number: m.callerNumber }), 'ok');
        if (!call || call.phase === 'ended' || call.phase === 'callback') {
          call = { id: m.call, caller: m.callerNumber, pop: null, phase: 'callback' };
          showPop();
          loadPop(m.callerNumber);
        }
      }
      refreshMissed();
    } catch (e) {
      formError(missedPanel, e);
    }
  }

  // --- Recordings ----------------------------------------------------------------------------
  const recordings = el('div', {});
  async function refreshRecordings() {
    try {
      const list = await api('GET', query('/api/v1/recordings', { agent: me.username, limit: 20 }));
      recordings.replaceChildren(recordingTable(list.recordings, play, 'recordings-list'));
    } catch (e) {
      recordings.replaceChildren(el('p', { class: 'muted' }, t('agent.recordings.off', { message: e.message })));
    }
  }

  // --- Layout ---------------------------------------------------------------------------------
  view.append(bar, el('div', { class: 'desk' },
    el('div', { class: 'desk-main' }, pop,
      lookupPanel((prefill) => openTicketForm({ ...prefill, channel: 'phone' })), casePanel()),
    el('div', { class: 'desk-side' }, ticketSlot, missedPanel,
      el('section', { class: 'panel', 'data-testid': 'recordings' }, el('h2', {}, t('agent.recordings')), audio, recordings))));

  api('GET', base).then(showState, (e) => { if (e.status === 404) showState({ state: 'loggedOut' }); else formError(bar, e); });
  refreshMissed();
  refreshRecordings();
  const timer = setInterval(refreshMissed, 20000);
  return () => {
    clearInterval(timer);
    closeLive();
    audio.pause();
  };
}
"""#)
}
