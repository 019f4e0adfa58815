// Runs before the stylesheet and the app: puts the last theme and density this window showed
// (cached by renderer/src/viewCache.ts, else the launch URL's) on <html>, else the system's colour scheme, so a dark
// workspace's first paint is dark. A classic script on purpose: module scripts run after the
// first paint may already have happened. The workspace pref stays the truth; App applies it.
;(function () {
  var v = {}
  try {
    v = JSON.parse(localStorage.getItem('workbench.view') || '{}') || {}
  } catch (e) {}
  // the launch URL's view (browser mode on a new port has an empty cache), as in viewCache.readView
  try {
    var q = new URLSearchParams(location.search)
    if (!v.theme) v.theme = q.get('theme')
    if (!v.density) v.density = q.get('density')
  } catch (e) {}
  var root = document.documentElement
  var systemDark = !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches)
  root.dataset.theme = v.theme === 'dark' || v.theme === 'light' ? v.theme : systemDark ? 'dark' : 'light'
  if (v.density === 'compact' || v.density === 'comfortable') root.dataset.density = v.density
})()
