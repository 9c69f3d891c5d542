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
    return new Desk(me).mount(view);
  },
});

/** A path segment that keeps `:` (call ids are `site:…`; the router does not decode %3A). */
const seg = (s) => encodeURIComponent(s).replace(/%3A/gi, ':');

function button(testid, key, onclick, cls) {
  return el('button', { type: 'button', 'data-testid': testid, class: cls, onclick }, t(key));
}

/** One agent's desktop; the agent id is the username. */
class Desk {
  constructor(me) {
    this.me = me;
    this.base = `/api/v1/agents/${encodeURIComponent(me.username)}`;
    this.agent = { state: 'loggedOut' };
    this.updates = 0; // counts state updates, so a slow read never overwrites a newer state
    // Events from before the page opened (the channel replays recent ones) only matter for the
    // call the agent is still on; they never bring back the pop of a finished call.
    this.openedAtMs = Date.now();
    this.call = null; // { id, caller, pop, phase: offer | connected | ended | callback }
    this.stopLive = null;
    this.audio = el('audio', { controls: true, preload: 'none', 'data-testid': 'recording-audio' });
    this.pop = el('section', { class: 'panel pop', 'data-testid': 'pop', hidden: true });
    this.ticketSlot = el('div', { 'data-testid': 'ticket-slot' });
    this.missed = el('div', {});
    this.missedPanel = el('section', { class: 'panel', 'data-testid': 'missed' }, el('h2', {}, t('agent.missed')), this.missed);
    this.recordings = el('div', {});
    this.play = (callId) => this.playRecording(callId);
  }

  mount(view) {
    view.append(this.stateBar(), el('div', { class: 'desk' },
      el('div', { class: 'desk-main' }, this.pop,
        lookupPanel((prefill) => this.openTicketForm({ ...prefill, channel: 'phone' })), casePanel()),
      el('div', { class: 'desk-side' }, this.ticketSlot, this.missedPanel,
        el('section', { class: 'panel', 'data-testid': 'recordings' }, el('h2', {}, t('agent.recordings')), this.audio, this.recordings))));
    this.refreshState();
    this.refreshMissed();
    this.refreshRecordings();
    const timer = setInterval(() => this.refreshMissed(), 20000);
    return () => { clearInterval(timer); this.closeLive(); this.audio.pause(); };
  }

  // --- State: sign in/out, 示闲 / 示忙, wrap-up ----------------------------------------------

  stateBar() {
    this.stateText = el('strong', { class: 'agent-state', 'data-testid': 'agent-state', 'data-state': 'loggedOut' });
    this.stateSince = el('span', { class: 'muted small' });
    this.reason = el('select', { name: 'reason', 'data-testid': 'agent-reason', title: t('agent.reasonLabel') },
      reasons.map((r) => el('option', { value: r }, t(`agent.reason.${r}`))));
    const b = this.base;
    const ready = button('agent-ready', 'agent.ready', () => this.change(() => api('POST', `${b}/state`, { state: 'available' })), 'primary');
    const notReady = button('agent-notready', 'agent.notready',
      () => this.change(() => api('POST', `${b}/state`, { state: 'notReady', reason: this.reason.value })));
    ready.dataset.for = 'available';
    notReady.dataset.for = 'notReady';
    this.bar = el('form', { class: 'panel agent-bar', novalidate: true, onsubmit: (e) => e.preventDefault() },
      el('div', { class: 'row' },
        el('div', {}, el('h1', {}, t('agent.title')), this.stateText, this.stateSince),
        el('div', { class: 'row start' },
          button('agent-signin', 'agent.signin', () => this.change(() => api('POST', `${b}/login`, {}))),
          ready, this.reason, notReady,
          button('agent-wrapup-done', 'agent.wrapupDone', () => this.change(() => api('POST', `${b}/wrapup-done`))),
          button('agent-signout', 'agent.signout', () => this.change(async () => { await api('POST', `${b}/logout`); return null; })))));
    return this.bar;
  }

  /** Reads the state from the API, unless something newer (an action, an event) arrived meanwhile. */
  refreshState() {
    const seen = this.updates;
    api('GET', this.base).then((v) => { if (this.updates === seen) this.showState(v); },
      (e) => { if (this.updates !== seen) return; if (e.status === 404) this.showState({ state: 'loggedOut' }); else formError(this.bar, e); });
  }

  /** Runs a state request; its answer (an AgentView, or null after logout) is the new state. */
  async change(request) {
    formError(this.bar, null);
    try {
      this.showState((await request()) ?? { state: 'loggedOut' });
    } catch (e) {
      formError(this.bar, e);
    }
  }

  showState(v) {
    this.updates += 1;
    if (v.state !== this.agent.state) formError(this.bar, null);
    this.agent = v;
    this.stateText.dataset.state = v.state;
    this.stateText.textContent = t(`agent.state.${v.state}`) + (v.reason ? ` · ${t(`agent.reason.${v.reason}`)}` : '');
    this.stateSince.textContent = v.idleSinceMs ? ` ${t('agent.since', { time: fmtTime(v.idleSinceMs) })}` : '';
    for (const b of this.bar.querySelectorAll('button')) b.classList.toggle('active', b.dataset.for === v.state);
    if (this.call?.stale && this.call.id !== v.call) { this.call = null; this.showPop(); }
    if (v.state === 'loggedOut') this.closeLive(); else this.openLive();
  }

  // --- Live events over the agent's WebSocket ------------------------------------------------

  openLive() {
    if (this.stopLive) return;
    this.stopLive = live(`${this.base}/events`, (e) => this.onEvent(e), 'ws', (s) => { if (s === 'live') this.refreshState(); });
  }

  closeLive() {
    if (this.stopLive) { this.stopLive(); this.stopLive = null; }
  }

  onEvent(e) {
    const same = this.call?.id === e.call;
    const stale = typeof e.atMs === 'number' && e.atMs < this.openedAtMs;
    switch (e.type) {
      case 'state':
        this.showState({ ...this.agent, state: e.state, reason: e.reason, call: e.call });
        return;
      case 'offer':
        this.call = { id: e.call, caller: e.caller, pop: e.screenPop ?? null, phase: 'offer', stale };
        if (!e.screenPop) this.loadPop(e.caller);
        break;
      case 'offerWithdrawn':
        if (!same || this.call.phase !== 'offer') return;
        this.call = null;
        break;
      case 'connected':
        if (!same) { this.call = { id: e.call, caller: e.caller, pop: e.caller ? null : {}, phase: 'connected', stale }; this.loadPop(e.caller); }
        this.call.phase = 'connected';
        break;
      case 'callEnded':
        setTimeout(() => { this.refreshMissed(); this.refreshRecordings(); }, 1500);
        if (!same) return;
        if (this.call.stale) this.call = null; else this.call.phase = 'ended';
        break;
      default:
        return;
    }
    this.showPop();
  }

  // --- Screen pop and the ticket form ---------------------------------------------------------

  showPop() {
    const pop = this.pop, call = this.call;
    if (!call) { pop.hidden = true; pop.replaceChildren(); delete pop.dataset.callId; return; }
    pop.hidden = false;
    pop.dataset.callId = call.id ?? '';
    pop.dataset.phase = call.phase;
    const done = call.phase === 'ended' || call.phase === 'callback';
    pop.replaceChildren(
      el('div', { class: 'row' },
        el('h2', {}, t('agent.pop.title'), ' ', el('span', { class: `badge phase-${call.phase}` }, t(`agent.pop.${call.phase}`))),
        el('span', { class: 'pop-caller', 'data-testid': 'pop-caller' }, call.caller ?? call.pop?.callerNumber ?? t('pop.withheld')),
        el('div', { class: 'row start' },
          call.phase === 'offer' ? button('pop-answer', 'agent.answer', () => this.callAction('answer'), 'primary') : null,
          call.phase === 'connected' ? button('pop-hangup', 'agent.hangup', () => this.callAction('hangup'), 'danger') : null,
          button('pop-create-ticket', 'agent.createTicket', () => this.openTicketForm()),
          done ? button('pop-dismiss', 'agent.dismiss', () => { this.call = null; this.showPop(); }) : null)),
      ...popBody(call.pop, this.play));
  }

  async callAction(action) {
    formError(this.pop, null);
    try {
      await api('POST', `${this.base}/calls/${seg(this.call.id)}/${action}`);
    } catch (e) {
      formError(this.pop, e);
    }
  }

  async loadPop(caller) {
    if (!caller) return;
    try {
      const found = await api('GET', query('/api/v1/screen-pop', { caller }));
      if (this.call && this.call.caller === caller) { this.call.pop = found; this.showPop(); }
    } catch (e) {
      formError(this.pop, e);
    }
  }

  /** The intake form beside the pop, prefilled from it (or from `prefill`, e.g. a lookup). */
  openTicketForm(prefill) {
    const call = this.call, p = call?.pop;
    const resident = p?.residents?.[0];
    const rooms = (p?.residents ?? []).flatMap((r) => (r.rooms ?? []).map((room) => room.id));
    this.ticketSlot.replaceChildren(el('section', { class: 'panel' }, ticketForm(prefill ?? {
      residentID: resident?.id, roomID: resident?.rooms?.[0]?.id, rooms, channel: 'phone',
      callerPhone: p?.callerNumber ?? call?.caller, callID: call?.phase === 'callback' ? undefined : call?.id,
    })));
    this.ticketSlot.querySelector('#ticket-title')?.focus({ preventScroll: true });
  }

  // --- Missed calls (回拨) ------------------------------------------------------------------------

  async refreshMissed() {
    try {
      const { missedCalls } = await api('GET', '/api/v1/missed-calls');
      this.missed.replaceChildren(table([t('agent.missed.caller'), t('agent.missed.at'), t('agent.missed.waited'), t('agent.missed.queue'), ''],
        missedCalls.map((m) => [m.callerNumber ? el('a', { href: `tel:${m.callerNumber}` }, m.callerNumber) : t('pop.withheld'),
          fmtTime(m.atMs), fmtDuration(m.waitedMs), m.queue,
          el('button', { type: 'button', 'data-testid': `missed-callback-${m.call}`, onclick: () => this.callBack(m) }, t('agent.missed.callback'))]),
        { testid: 'missed-list', rowTestid: (i) => `missed-${missedCalls[i].call}` }));
    } catch (e) {
      this.missed.replaceChildren(el('p', { class: 'muted', 'data-testid': 'missed-list' }, e.message));
    }
  }

  /** Marks the call called back, shows the number to dial and its pop (a ticket may follow). */
  async callBack(m) {
    formError(this.missedPanel, null);
    try {
      await api('POST', `/api/v1/missed-calls/${seg(m.call)}/callback`);
      if (m.callerNumber) {
        toast(t('agent.missed.dial', { number: m.callerNumber }), 'ok');
        if (!this.call || this.call.phase === 'ended' || this.call.phase === 'callback') {
          this.call = { id: m.call, caller: m.callerNumber, pop: null, phase: 'callback' };
          this.showPop();
          this.loadPop(m.callerNumber);
        }
      }
      this.refreshMissed();
    } catch (e) {
      formError(this.missedPanel, e);
    }
  }

  // --- Recordings -------------------------------------------------------------------------------

  async refreshRecordings() {
    try {
      const list = await api('GET', query('/api/v1/recordings', { agent: this.me.username, limit: 20 }));
      this.recordings.replaceChildren(recordingTable(list.recordings, this.play, 'recordings-list'));
    } catch (e) {
      this.recordings.replaceChildren(el('p', { class: 'muted' }, t('agent.recordings.off', { message: e.message })));
    }
  }

  playRecording(callId) {
    this.audio.src = `/api/v1/recordings/${seg(callId)}/audio`;
    this.audio.dataset.callId = callId;
    this.audio.play().catch(() => { /* autoplay may be refused; the controls remain */ });
  }
}
"""#)
}
