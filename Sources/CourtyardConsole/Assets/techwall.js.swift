extension ConsoleAssets {
    static let techwallJS = ConsoleAsset("techwall.js", #"""
// techwall.js — what the technician view and the supervisor wall share: their stylesheet.
import { el } from './core.js';

/** Links techwall.css once (the CSP allows stylesheets from this node only, no inline styles). */
export function useStyles() {
  if (document.getElementById('techwall-css')) return;
  document.head.append(el('link', { id: 'techwall-css', rel: 'stylesheet', href: '/console/techwall.css' }));
}
"""#)
}
