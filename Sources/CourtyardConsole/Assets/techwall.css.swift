extension ConsoleAssets {
    static let techwallCSS = ConsoleAsset("techwall.css", #"""
/* techwall.css — the technician's phone view (#/tech) and the supervisor wall (#/wall). */
.tw-narrow { max-width: 640px; margin: 0 auto 1rem; }
.tw-phone { max-width: 640px; }
.tw-tabs { display: flex; gap: .3rem; }
.tw-tab { padding: .35rem .8rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; color: var(--ink); }
.tw-tab.active { background: var(--accent); border-color: var(--accent); color: #fff; }
.tw-cards { list-style: none; padding: 0; margin: .5rem 0 0; display: flex; flex-direction: column; gap: .6rem; }
.tw-card { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: var(--radius); padding: .7rem .8rem; cursor: pointer; background: #fff; }
.tw-card.priority-major { border-left-color: var(--warn); }
.tw-card.priority-emergency { border-left-color: var(--bad); }
.tw-card-title { font-size: 1.05rem; margin: .3rem 0; }
.tw-back { display: inline-block; margin: 0 0 .6rem; text-decoration: none; }
.tw-tech-actions { display: flex; flex-direction: column; gap: .8rem; }
.tw-steps { display: grid; grid-template-columns: 1fr 1fr; gap: .6rem; }
.tw-step { min-height: 3rem; font-size: 1.05rem; }
.tw-form { margin: 0; }
.tw-form button[type="submit"] { width: 100%; min-height: 2.8rem; }
.tw-photos { display: flex; flex-wrap: wrap; gap: .5rem; }
.tw-photo { width: 96px; height: 96px; object-fit: cover; border-radius: var(--radius); border: 1px solid var(--line); }
.tw-phone .facts { grid-template-columns: max-content 1fr; }
.tw-wall-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.tw-figures { display: flex; gap: .75rem; flex-wrap: wrap; margin-bottom: 1rem; }
.tw-figures .figure { flex: 1 1 150px; }
.tw-figure-alert .figure-value { color: var(--bad); }
.tw-levels { display: grid; grid-template-columns: repeat(3, 1fr); gap: .6rem; margin-bottom: .8rem; }
.tw-level { border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem .7rem; }
.tw-level-1 { border-top: 4px solid #f2a93b; }
.tw-level-2 { border-top: 4px solid #e46a1f; }
.tw-level-3 { border-top: 4px solid var(--bad); }
.tw-level strong { font-size: 1.4rem; }
.tw-agent-state { display: inline-block; min-width: 5.5rem; }
.tw-state-available { color: var(--ok); }
.tw-state-onCall, .tw-state-reserved { color: var(--accent); }
.tw-state-notReady, .tw-state-onBreak { color: var(--warn); }
.tw-state-loggedOut { color: var(--muted); }
.tw-stale { color: var(--bad); }
.tw-editor textarea.tw-json { font-family: ui-monospace, monospace; font-size: .8rem; min-height: 14rem; }
.tw-node { border-left: 2px solid var(--line); padding-left: .6rem; margin: .4rem 0; }
.tw-node .row { justify-content: flex-start; }
.tw-inline { display: flex; gap: .5rem; flex-wrap: wrap; align-items: flex-end; }
.tw-inline .field { flex: 1 1 140px; }
.tw-overdue { color: var(--bad); font-weight: 600; }
/* console.css's later `.ok { color }` turns ok-toasts' text green on green; keep it white. */
.toast.ok { color: #fff; }
@media (max-width: 1100px) { .tw-wall-grid { grid-template-columns: 1fr; } }
@media (max-width: 700px) { .tw-phone table.grid td:nth-child(n+4) { display: table-cell; } }
"""#)
}
