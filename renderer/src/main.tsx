import { QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { queryClient } from './useApi'
// Bundled CJK font (variable, weights 100-900), split by unicode-range: the page fetches only the subsets its text uses.
import '@fontsource-variable/noto-sans-sc'
import './styles.css'

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <App />
  </QueryClientProvider>,
)
