import { QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { queryClient } from './useApi'
import { applyView, readView, rememberView, seedPrefs } from './viewCache'
// Bundled CJK font (variable, weights 100-900), split by unicode-range: the page fetches only the subsets its text uses.
import '@fontsource-variable/noto-sans-sc'
import './styles.css'

// Start as the window was left (public/boot-theme.js already painted the theme): App's first
// render reads the cached prefs, then the workspace's own, which win; the cache follows <html>.
const view = readView()
const root = document.documentElement
if (!root.dataset.theme) applyView(root, view, window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false)
seedPrefs(queryClient, view)
rememberView(root)

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <App />
  </QueryClientProvider>,
)
