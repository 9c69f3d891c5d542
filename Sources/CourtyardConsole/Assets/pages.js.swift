extension ConsoleAssets {
    static let pagesJS = ConsoleAsset("pages.js", #"""
// pages.js — every page of the console, one import each (the order is the navigation's).
import './login.js';
import './ticket.js';
import './tech.js';
import './wall.js';
import './reports.js';
"""#)
}
