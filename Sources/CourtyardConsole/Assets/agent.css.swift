extension ConsoleAssets {
    static let agentCSS = ConsoleAsset("agent.css", #"""
/* agent.css — the agent desktop, lookup and ticket forms (loaded by agent.js and lookup.js). */
.desk { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
.desk-main, .desk-side { min-width: 0; }
html { scroll-padding-top: 3.5rem; } /* scrolled-to fields stay below the sticky header */
.pop-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 0 1rem; }
.pop table.grid th, .pop table.grid td { padding: .25rem .4rem; }
.agent-bar h1 { display: inline-block; margin-right: 1rem; }
.agent-bar button.active { outline: 2px solid var(--accent); }
.agent-state { padding: .15rem .6rem; border-radius: 999px; background: #e8ecf3; }
.agent-state[data-state="available"] { background: #dff3e4; color: #115c28; }
.agent-state[data-state="notReady"], .agent-state[data-state="onBreak"] { background: #fff4e0; color: #8a4b00; }
.agent-state[data-state="reserved"] { background: #fde2e1; color: #a01d1d; }
.agent-state[data-state="onCall"] { background: #e6f0fb; color: #0b4f96; }
.agent-state[data-state="wrapUp"] { background: #efe6fb; color: #55308f; }
.row.start { justify-content: flex-start; }
.pop { border: 2px solid var(--accent); }
.pop[data-phase="offer"] { border-color: var(--bad); }
.pop[data-phase="ended"], .pop[data-phase="callback"] { border-color: var(--line); }
.pop-caller { font-size: 1.3rem; font-weight: 600; letter-spacing: .03em; }
.pop-who { margin: .3rem 0 .6rem; font-size: 1.05rem; }
.pop h3, .results h3 { font-size: .95rem; margin: .7rem 0 .3rem; color: var(--muted); }
.phase-offer { background: #fde2e1; color: #a01d1d; }
.phase-connected { background: #e6f0fb; color: #0b4f96; }
form.inline { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin-bottom: .6rem; }
form.inline input { flex: 1 1 200px; }
.cols.tight { gap: .6rem; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
.card { border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .8rem; margin-bottom: .6rem; }
.case summary { cursor: pointer; padding: .3rem 0; }
.case p { margin: .3rem 0 .3rem 1rem; }
.check { display: flex; align-items: center; gap: .4rem; margin-bottom: .6rem; }
.ticket-actions .row { margin-bottom: .5rem; }
.action-form { max-width: 640px; }
.outcome { margin-top: .6rem; }
button.small { padding: .2rem .6rem; font-size: .85rem; }
.toast.ok, .toast.error { color: #fff; } /* `.ok`/`.bad` text colours must not reach toasts */
audio { width: 100%; margin-bottom: .5rem; }
@media (max-width: 1000px) { .desk { grid-template-columns: 1fr; } }
"""#)
}
