extension ConsoleAssets {
    static let techJS = ConsoleAsset("tech.js", #"""
// tech.js — the technician's phone view (#/tech): my work orders, then one order
// (#/tech/<id>) to accept, arrive, add notes with photos, and resolve. Laid out for 390×844.
import { api, t, el, strings, registerPage, query, fmtTime, navigate, formError, toast } from './core.js';
import { statusBadge, renderTicket, addTicketActions } from './ticket.js';
import { useStyles } from './techwall.js';

/** Photo limits, the same as the node's (AttachmentLimits): checked here first. */
const photoBytesMax = 5 * 1024 * 1024;
const photoTypes = ['image/jpeg', 'image/png', 'image/webp'];
const photosPerNoteMax = 20;
const activeStatuses = 'dispatched,accepted,onSite,suspended';
const doneStatuses = 'resolved,closed';
const listRefreshMs = 15000;

strings({
  'zh-CN': {
    'tech.nav': '我的工单', 'tech.title': '我的工单', 'tech.active': '处理中', 'tech.done': '已完成',
    'tech.empty': '暂无工单', 'tech.back': '返回我的工单', 'tech.accept': '接单', 'tech.arrive': '到场',
    'tech.note': '进展备注', 'tech.noteText': '备注内容', 'tech.photo': '现场照片（可多张，每张不超过 5 MB）',
    'tech.noteSubmit': '提交备注', 'tech.resolveTitle': '完工', 'tech.resolveSummary': '处理结果',
    'tech.resolve': '完工提交', 'tech.photos': '照片', 'tech.noPhotos': '暂无照片',
    'tech.photoElsewhere': '照片暂不可用（所在节点不可达）', 'tech.noteEmpty': '请填写备注或选择照片。',
    'tech.photoType': '“{name}”不是 JPEG、PNG 或 WebP 图片。', 'tech.photoTooLarge': '“{name}”有 {mb} MB，超过 5 MB 上限。',
    'tech.photoTooMany': '一次最多上传 {n} 张照片。', 'tech.summaryEmpty': '请填写处理结果。',
    'tech.uploading': '正在上传第 {i}/{n} 张照片…', 'tech.saved': '已保存', 'tech.accepted': '已接单',
    'tech.arrived': '已到场', 'tech.resolved': '已完工，等待回访', 'tech.room': '房间', 'tech.created': '受理时间',
  },
  en: {
    'tech.nav': 'My orders', 'tech.title': 'My work orders', 'tech.active': 'In progress', 'tech.done': 'Finished',
    'tech.empty': 'No work orders', 'tech.back': 'Back to my orders', 'tech.accept': 'Accept', 'tech.arrive': 'Arrived',
    'tech.note': 'Progress note', 'tech.noteText': 'Note', 'tech.photo': 'Photos (several allowed, 5 MB each at most)',
    'tech.noteSubmit': 'Add note', 'tech.resolveTitle': 'Finish', 'tech.resolveSummary': 'What was done',
    'tech.resolve': 'Resolve', 'tech.photos': 'Photos', 'tech.noPhotos': 'No photos yet',
    'tech.photoElsewhere': 'Photo unavailable (its node is unreachable)', 'tech.noteEmpty': 'Write a note or choose photos.',
    'tech.photoType': '"{name}" is not a JPEG, PNG or WebP image.', 'tech.photoTooLarge': '"{name}" is {mb} MB; the limit is 5 MB.',
    'tech.photoTooMany': 'At most {n} photos at once.', 'tech.summaryEmpty': 'Say what was done.',
    'tech.uploading': 'Uploading photo {i} of {n}…', 'tech.saved': 'Saved', 'tech.accepted': 'Accepted',
    'tech.arrived': 'Arrived', 'tech.resolved': 'Resolved; awaiting the callback', 'tech.room': 'Room', 'tech.created': 'Created',
  },
});

// MARK: List

function renderList(view, q, me) {
  const done = q.show === 'done';
  const list = el('ul', { class: 'tw-cards', 'data-testid': 'tech-list' }, el('li', { class: 'muted' }, t('core.loading')));
  const tab = (id, label, on) => el('a', { class: `tw-tab${on ? ' active' : ''}`, href: id ? `#/tech?show=${id}` : '#/tech', 'data-testid': `tech-tab-${id || 'active'}` }, label);
  view.append(el('section', { class: 'panel tw-narrow' },
    el('div', { class: 'row' }, el('h1', {}, t('tech.title')),
      el('div', { class: 'tw-tabs' }, tab('', t('tech.active'), !done), tab('done', t('tech.done'), done))),
    list));
  let shown = null;
  const load = async () => {
    try {
      const page = await api('GET', query('/api/v1/tickets', { assignee: me.username, status: done ? doneStatuses : activeStatuses, limit: 100 }));
      // Re-render only on a change, so a card being tapped is not swapped under the finger.
      const signature = JSON.stringify(page.tickets.map((x) => [x.id, x.status, x.updatedAtMs]));
      if (signature === shown) return;
      shown = signature;
      list.replaceChildren(...(page.tickets.length ? page.tickets.map(card) : [el('li', { class: 'muted', 'data-testid': 'tech-empty' }, t('tech.empty'))]));
    } catch (e) {
      list.replaceChildren(el('li', { class: 'form-error', role: 'alert' }, e.message));
    }
  };
  load();
  const timer = setInterval(load, listRefreshMs);
  return () => clearInterval(timer);
}

function card(x) {
  return el('li', { class: `tw-card priority-${x.priority}`, 'data-testid': `tech-ticket-${x.id}`, 'data-status': x.status, onclick: () => navigate(`#/tech/${x.id}`) },
    el('div', { class: 'row' }, el('strong', {}, x.number), statusBadge(x.status)),
    el('div', { class: 'tw-card-title' }, x.title),
    el('div', { class: 'muted small' }, [t(`priority.${x.priority}`), x.roomID ? `${t('tech.room')} ${x.roomID}` : null,
      `${t('tech.created')} ${fmtTime(x.createdAtMs)}`, x.escalationLevel ? `L${x.escalationLevel}` : null].filter(Boolean).join(' · ')));
}

// MARK: One work order

/** The technician's actions under the ticket: accept, arrive, note with photos, resolve. */
function techActions(ticket, reload) {
  const events = `/api/v1/tickets/${encodeURIComponent(ticket.id)}/events`;
  const s = ticket.status;
  const step = (testid, label, type, enabled, done) => el('button', {
    class: 'primary tw-step', 'data-testid': testid, disabled: !enabled,
    onclick: async (e) => {
      e.target.disabled = true;
      try { await api('POST', events, { type }); toast(t(done), 'ok'); reload(); } catch (err) { toast(err.message, 'error'); e.target.disabled = false; }
    },
  }, label);
  const working = ['accepted', 'onSite'].includes(s);
  return el('div', { class: 'tw-tech-actions' },
    el('div', { class: 'tw-steps' },
      step('tech-accept', t('tech.accept'), 'accepted', s === 'dispatched', 'tech.accepted'),
      step('tech-arrive', t('tech.arrive'), 'arrived', s === 'accepted', 'tech.arrived')),
    noteForm(ticket, reload, !['closed', 'cancelled'].includes(s)),
    resolveForm(ticket, reload, working),
    photoGallery(ticket));
}

function noteForm(ticket, reload, enabled) {
  const text = el('textarea', { name: 'text', 'data-testid': 'tech-note-text', maxlength: 2000, disabled: !enabled });
  const file = el('input', { type: 'file', name: 'file', accept: photoTypes.join(','), multiple: true, 'data-testid': 'tech-note-photo', disabled: !enabled });
  const submit = el('button', { type: 'submit', class: 'primary', 'data-testid': 'tech-note-submit', disabled: !enabled }, t('tech.noteSubmit'));
  const progress = el('div', { class: 'muted small', 'data-testid': 'tech-note-progress' });
  const form = el('form', { class: 'panel tw-form', 'data-testid': 'tech-note-form', novalidate: true },
    el('h2', {}, t('tech.note')),
    el('label', { class: 'field' }, el('span', {}, t('tech.noteText')), text),
    el('label', { class: 'field' }, el('span', {}, t('tech.photo')), file),
    progress, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formError(form, null);
    const files = [...file.files];
    const problem = checkNote(text.value.trim(), files);
    if (problem) { formError(form, problem); return; }
    submit.disabled = true;
    try {
      const photos = [];
      for (const [i, f] of files.entries()) {
        progress.textContent = t('tech.uploading', { i: i + 1, n: files.length });
        const a = await api('POST', `/api/v1/tickets/${encodeURIComponent(ticket.id)}/attachments`, f);
        photos.push(a.id);
      }
      progress.textContent = '';
      await api('POST', `/api/v1/tickets/${encodeURIComponent(ticket.id)}/events`, { type: 'note', text: text.value.trim(), photos });
      toast(t('tech.saved'), 'ok');
      reload();
    } catch (err) {
      progress.textContent = '';
      formError(form, err);
      submit.disabled = false;
    }
  });
  return form;
}

/** The client-side checks (the node checks the same): something to say, image types, sizes. */
function checkNote(text, files) {
  if (!text && files.length === 0) return { message: t('tech.noteEmpty'), field: 'text' };
  if (files.length > photosPerNoteMax) return { message: t('tech.photoTooMany', { n: photosPerNoteMax }), field: 'file' };
  for (const f of files) {
    if (!photoTypes.includes(f.type)) return { message: t('tech.photoType', { name: f.name }), field: 'file' };
    if (f.size > photoBytesMax) return { message: t('tech.photoTooLarge', { name: f.name, mb: (f.size / 1048576).toFixed(1) }), field: 'file' };
  }
  return null;
}

function resolveForm(ticket, reload, enabled) {
  const summary = el('textarea', { name: 'summary', 'data-testid': 'tech-resolve-summary', maxlength: 2000, disabled: !enabled });
  const submit = el('button', { type: 'submit', class: 'primary', 'data-testid': 'tech-resolve', disabled: !enabled }, t('tech.resolve'));
  const form = el('form', { class: 'panel tw-form', 'data-testid': 'tech-resolve-form', novalidate: true },
    el('h2', {}, t('tech.resolveTitle')),
    el('label', { class: 'field' }, el('span', {}, t('tech.resolveSummary')), summary), submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formError(form, null);
    const text = summary.value.trim();
    if (!text) { formError(form, { message: t('tech.summaryEmpty'), field: 'summary' }); return; }
    submit.disabled = true;
    try {
      await api('POST', `/api/v1/tickets/${encodeURIComponent(ticket.id)}/events`, { type: 'resolved', summary: text });
      toast(t('tech.resolved'), 'ok');
      reload();
    } catch (err) {
      formError(form, err);
      submit.disabled = false;
    }
  });
  return form;
}

/** Thumbnails of the photos this node holds for the ticket (others stay where they were taken). */
function photoGallery(ticket) {
  const box = el('div', { class: 'tw-photos', 'data-testid': 'tech-photos' }, el('span', { class: 'muted' }, t('core.loading')));
  api('GET', `/api/v1/tickets/${encodeURIComponent(ticket.id)}/attachments`).then((r) => {
    box.replaceChildren(...(r.attachments.length ? r.attachments.map((a) => el('a', { href: a.url, target: '_blank', rel: 'noopener' },
      el('img', { src: a.url, alt: a.id, loading: 'lazy', class: 'tw-photo', 'data-testid': `tech-photo-${a.id}`,
        onerror: (e) => e.target.replaceWith(el('span', { class: 'muted small' }, t('tech.photoElsewhere'))) })))
      : [el('span', { class: 'muted', 'data-testid': 'tech-no-photos' }, t('tech.noPhotos'))]));
  }, (e) => box.replaceChildren(el('span', { class: 'muted small' }, e.message)));
  return el('section', { class: 'panel tw-form' }, el('h2', {}, t('tech.photos')), box);
}

// The ticket page (#/ticket/<id>) shows the photos too, for every role that may read the ticket.
addTicketActions((ticket) => { useStyles(); return photoGallery(ticket); });

registerPage({
  id: 'tech',
  nav: 'tech.nav',
  roles: ['technician', 'admin'],
  render(view, { segments, query: q }, ctx) {
    useStyles();
    view.classList.add('tw-phone');
    if (segments[0]) {
      const box = el('div', {});
      view.append(el('a', { href: '#/tech', class: 'tw-back', 'data-testid': 'tech-back' }, `← ${t('tech.back')}`), box);
      renderTicket(box, segments[0], techActions);
      return () => view.classList.remove('tw-phone');
    }
    const stop = renderList(view, q, ctx.me);
    return () => { stop(); view.classList.remove('tw-phone'); };
  },
});
"""#)
}
