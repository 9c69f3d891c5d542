extension ConsoleAssets {
    static let consoleCSS = ConsoleAsset("console.css", #"""
/* console.css — one stylesheet for every page. Laid out for 1366×768; narrow screens
   (the technician's phone) get one column. */
:root {
  --bg: #f4f5f7; --panel: #fff; --ink: #1d2433; --muted: #6b7385; --line: #dfe3ea;
  --accent: #0b6bcb; --accent-ink: #fff; --ok: #1a7f37; --warn: #b35900; --bad: #c62828;
  --radius: 6px; font-size: 14px;
}
* { box-sizing: border-box; }
body { margin: 0; font-family: "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
h1 { font-size: 1.35rem; margin: 0 0 .6rem; }
h2 { font-size: 1.1rem; margin: 1rem 0 .5rem; }
.top { display: flex; align-items: center; gap: 1rem; padding: .5rem 1rem; background: #14213d; color: #fff; }
.top .brand { color: #fff; font-weight: 700; text-decoration: none; white-space: nowrap; }
.top .brand span { font-weight: 400; opacity: .7; }
.top nav { display: flex; gap: .25rem; flex-wrap: wrap; flex: 1; }
.top nav a { color: #dfe6f5; text-decoration: none; padding: .35rem .7rem; border-radius: var(--radius); }
.top nav a.active, .top nav a:hover { background: rgba(255,255,255,.14); color: #fff; }
.top .who { display: flex; align-items: center; gap: .6rem; white-space: nowrap; }
.top .link { background: none; border: 0; color: #dfe6f5; cursor: pointer; padding: .2rem .4rem; }
.live { width: .6rem; height: .6rem; border-radius: 50%; background: #777; display: inline-block; }
.live[data-state="live"] { background: #3ccf6e; }
.live[data-state="reconnecting"] { background: #f2a93b; }
main { padding: 1rem; max-width: 1366px; margin: 0 auto; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; margin-bottom: 1rem; }
.row { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; justify-content: space-between; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
.muted { color: var(--muted); }
.small { font-size: .85rem; }
button, .button { font: inherit; padding: .45rem .9rem; border-radius: var(--radius); border: 1px solid var(--line); background: #fff; color: var(--ink); cursor: pointer; }
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
button:disabled { opacity: .55; cursor: default; }
input, select, textarea { font: inherit; padding: .4rem .5rem; border: 1px solid var(--line); border-radius: var(--radius); background: #fff; color: var(--ink); max-width: 100%; }
textarea { min-height: 4.5rem; width: 100%; }
.field { display: flex; flex-direction: column; gap: .2rem; margin-bottom: .6rem; }
.field > span { color: var(--muted); font-size: .85rem; }
[aria-invalid="true"] { border-color: var(--bad); }
.field-error, .form-error { color: var(--bad); font-size: .9rem; margin: .2rem 0 .5rem; }
.form-error { background: #fdecea; border: 1px solid #f5c2c0; padding: .5rem .7rem; border-radius: var(--radius); }
.login { max-width: 380px; margin: 8vh auto; }
.login button { width: 100%; margin: .4rem 0; }
table.grid { width: 100%; border-collapse: collapse; }
table.grid th, table.grid td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.grid th { color: var(--muted); font-weight: 500; font-size: .85rem; }
table.grid tr.clickable { cursor: pointer; }
table.grid tr.clickable:hover { background: #f0f5fc; }
.badge { display: inline-block; padding: .1rem .5rem; border-radius: 999px; font-size: .8rem; background: #e8ecf3; white-space: nowrap; }
.status-open, .status-dispatched { background: #e6f0fb; color: #0b4f96; }
.status-accepted, .status-onSite { background: #fff4e0; color: #8a4b00; }
.status-suspended { background: #eee; color: #555; }
.status-resolved { background: #e9f7ee; color: #1a7f37; }
.status-closed { background: #dff3e4; color: #115c28; }
.status-cancelled { background: #f3e8e8; color: #7a2a2a; }
.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr max-content 1fr; gap: .3rem 1rem; margin: .5rem 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.timeline { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
.timeline li { padding: .3rem 0 .5rem .8rem; position: relative; }
.timeline li::before { content: ""; position: absolute; left: -6px; top: .65rem; width: 10px; height: 10px; border-radius: 50%; background: var(--accent); }
.timeline .when { color: var(--muted); margin-right: .5rem; font-size: .85rem; }
.actions { display: flex; gap: 1rem; flex-wrap: wrap; margin: .8rem 0; }
.actions > * { flex: 1 1 280px; }
.figure { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: .7rem .9rem; min-width: 120px; }
.figure-value { font-size: 1.6rem; font-weight: 600; }
.figure-label { color: var(--muted); font-size: .85rem; }
.figures { display: flex; gap: .75rem; flex-wrap: wrap; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: .8rem; }
.tile[data-reachable="false"] { border-color: var(--bad); background: #fff7f6; }
/* HQ dashboard (hq.js): three site tiles a row at 1366 px, figures in a compact grid. */
.hq-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: .75rem; }
.hq-tiles .figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: .4rem; }
.hq-tiles .figure { min-width: 0; padding: .4rem .55rem; }
.hq-tiles .figure-value { font-size: 1.3rem; }
.tile.clickable { cursor: pointer; }
.chart .bar { fill: var(--accent); }
.chart .line { fill: none; stroke: var(--accent); stroke-width: 2; }
.chart .dot { fill: var(--accent); }
.chart .axis { stroke: var(--line); }
.chart text { font-size: 11px; fill: var(--muted); }
.toasts { position: fixed; bottom: 1rem; right: 1rem; display: flex; flex-direction: column; gap: .5rem; z-index: 10; }
.toast { background: #14213d; color: #fff; padding: .6rem .9rem; border-radius: var(--radius); max-width: 420px; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
.toast.error { background: var(--bad); }
.toast.ok { background: var(--ok); color: #fff; }
.toast.error { color: #fff; }
.warn { color: var(--warn); }
.bad { color: var(--bad); }
.ok { color: var(--ok); }
@media (max-width: 700px) {
  main { padding: .5rem; }
  .top { flex-wrap: wrap; gap: .4rem; padding: .4rem .6rem; }
  .top .who { width: 100%; justify-content: space-between; }
  .facts { grid-template-columns: max-content 1fr; }
  button, .button { padding: .6rem 1rem; }
  table.grid th:nth-child(n+4), table.grid td:nth-child(n+4) { display: none; }
  .toasts { top: .5rem; bottom: auto; left: .5rem; right: .5rem; pointer-events: none; }
  .toast { max-width: none; }
}
"""#)
}
