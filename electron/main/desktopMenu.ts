/**
 * The desktop application menu, named in the UI language (Electron's role menus are English
 * whatever the locale). Ctrl+Z / Ctrl+Shift+Z undo the analyst's workspace edits (history.undo),
 * handled by the page: Chromium's text undo in an Edit menu would swallow the keys before the
 * page sees them, so Edit keeps cut/copy/paste/select-all and leaves undo to the page (text
 * fields still undo their own typing: the page ignores the keys there).
 */
import type { MenuItemConstructorOptions } from 'electron'

type Lang = 'zh' | 'en'

const TEXT = {
  zh: {
    file: '文件', quit: '退出', close: '关闭窗口',
    edit: '编辑', cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选',
    view: '视图', reload: '重新加载', devTools: '开发者工具', resetZoom: '实际大小', zoomIn: '放大', zoomOut: '缩小', fullScreen: '全屏',
    window: '窗口', minimize: '最小化', zoom: '缩放',
    app: 'AIGC 投研工作台', about: '关于 AIGC 投研工作台', hide: '隐藏', hideOthers: '隐藏其他', unhide: '全部显示',
  },
  en: {
    file: 'File', quit: 'Quit', close: 'Close Window',
    edit: 'Edit', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
    view: 'View', reload: 'Reload', devTools: 'Developer Tools', resetZoom: 'Actual Size', zoomIn: 'Zoom In', zoomOut: 'Zoom Out', fullScreen: 'Full Screen',
    window: 'Window', minimize: 'Minimize', zoom: 'Zoom',
    app: 'AIGC Research Workbench', about: 'About AIGC Research Workbench', hide: 'Hide', hideOthers: 'Hide Others', unhide: 'Show All',
  },
} as const

/** Every menu and item with its label in `lang`; roles keep their platform behaviour and keys. */
export function menuTemplate(lang: Lang, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const t = TEXT[lang]
  const mac = platform === 'darwin'
  const appMenu: MenuItemConstructorOptions = {
    label: t.app,
    submenu: [
      { role: 'about', label: t.about },
      { type: 'separator' },
      { role: 'hide', label: t.hide },
      { role: 'hideOthers', label: t.hideOthers },
      { role: 'unhide', label: t.unhide },
      { type: 'separator' },
      { role: 'quit', label: t.quit },
    ],
  }
  return [
    ...(mac ? [appMenu] : []),
    { label: t.file, submenu: [mac ? { role: 'close', label: t.close } : { role: 'quit', label: t.quit }] },
    {
      label: t.edit,
      submenu: [
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    {
      label: t.view,
      submenu: [
        { role: 'reload', label: t.reload },
        { role: 'toggleDevTools', label: t.devTools },
        { type: 'separator' },
        { role: 'resetZoom', label: t.resetZoom },
        { role: 'zoomIn', label: t.zoomIn },
        { role: 'zoomOut', label: t.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t.fullScreen },
      ],
    },
    { label: t.window, submenu: [{ role: 'minimize', label: t.minimize }, { role: 'zoom', label: t.zoom }, ...(mac ? [] : [{ role: 'close', label: t.close } as const])] },
  ]
}
