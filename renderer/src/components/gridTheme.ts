/** The one AG Grid setup both grids share: modules registered once, the workbench's theme. */
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community'

ModuleRegistry.registerModules([AllCommunityModule])

export const gridTheme = themeQuartz.withParams({
  fontSize: 13,
  headerFontSize: 12,
  spacing: 6,
  headerBackgroundColor: '#f3f5f8',
  accentColor: '#1f5fbf',
  // the bundled font first (imported in main.tsx), so grids render the same everywhere
  fontFamily: '"Noto Sans SC Variable","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif',
})
