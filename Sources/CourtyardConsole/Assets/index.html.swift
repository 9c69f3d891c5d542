extension ConsoleAssets {
    static let indexHTML = ConsoleAsset("index.html", #"""
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>庭院 Courtyard</title>
<link rel="stylesheet" href="/console/console.css">
<link rel="icon" href="/console/favicon.svg" type="image/svg+xml">
<script type="module" src="/console/app.js"></script>
</head>
<body>
<header id="top" class="top" hidden>
  <a class="brand" href="#/" data-testid="brand">庭院 <span>Courtyard</span></a>
  <nav id="nav" data-testid="nav"></nav>
  <div class="who">
    <span id="live-status" class="live" data-testid="live-status"></span>
    <span id="who" data-testid="who"></span>
    <button id="lang" class="link" data-testid="lang-switch">English</button>
    <button id="logout" class="link" data-testid="logout"></button>
  </div>
</header>
<main id="view" data-testid="view"><p class="muted">…</p></main>
<div id="toasts" class="toasts" aria-live="polite"></div>
<noscript>庭院 Courtyard 需要启用 JavaScript。 / Courtyard needs JavaScript.</noscript>
</body>
</html>
"""#)
}
