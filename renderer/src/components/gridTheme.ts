/** The one AG Grid setup all grids share: modules registered once, the workbench's themes. */
import { createContext, useContext } from 'react'
import { AllCommunityModule, ModuleRegistry, colorSchemeDark, themeQuartz } from 'ag-grid-community'

ModuleRegistry.registerModules([AllCommunityModule])

export type ThemeMode = 'light' | 'dark'
export type Density = 'comfortable' | 'compact'

const base = {
  // the bundled font first (imported in main.tsx), so grids render the same everywhere
  fontFamily: '"Noto Sans SC Variable","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif',
}
const density = {
  comfortable: { fontSize: 13, headerFontSize: 12, spacing: 6 },
  compact: { fontSize: 12, headerFontSize: 11, spacing: 3 },
}
const light = themeQuartz.withParams({ ...base, headerBackgroundColor: '#f3f5f8', accentColor: '#1f5fbf' })
// colorSchemeDark sets every grid colour; the params then match the page's dark surfaces (styles.css).
const dark = themeQuartz.withPart(colorSchemeDark).withParams({
  ...base,
  backgroundColor: '#1b212b',
  foregroundColor: '#e3e7ee',
  headerBackgroundColor: '#232a36',
  chromeBackgroundColor: '#232a36',
  borderColor: '#323b4a',
  accentColor: '#7fb0ff',
  oddRowBackgroundColor: '#1e2530',
})

/** One theme object per mode × density, made once, so a switch just hands the grids another object. */
export const gridThemes = {
  light: { comfortable: light.withParams(density.comfortable), compact: light.withParams(density.compact) },
  dark: { comfortable: dark.withParams(density.comfortable), compact: dark.withParams(density.compact) },
} as const

/** Kept for callers that do not care about the view prefs (light, comfortable). */
export const gridTheme = gridThemes.light.comfortable

export const GridThemeContext = createContext<typeof gridTheme>(gridTheme)
/** The grid theme for the current `ui:theme` / `ui:density` (provided by App). */
export const useGridTheme = () => useContext(GridThemeContext)
