extension ConsoleAssets {
    static let pagesJS = ConsoleAsset("pages.js", #"""
// pages.js — every page of the console, one import each (app.js orders the navigation).
import './login.js';
import './ticket.js';
import './tech.js';
import './wall.js';
import './reports.js';
import './agent.js';
import './ticketform.js';
import './ticketactions.js';
import './lookup.js';
import './hq.js';
"""#)
}
