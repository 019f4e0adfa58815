import { strToU8, zipSync } from 'fflate'
import { useRef } from 'react'
import { api } from '../api'
import { downloadBlob } from '../chainMap/exportMap'
import { errorText } from '../errorText'
import { useI18n } from '../i18n'
import { notify } from '../notices'

const TEXT = {
  zh: { export: '导出 Markdown', import: '导入 Markdown', exported: '已导出 {n} 条笔记', imported: '已导入：新建 {c} 条，更新 {u} 条', none: '没有可导出的笔记' },
  en: { export: 'Export Markdown', import: 'Import Markdown', exported: 'Exported {n} notes', imported: 'Imported: {c} created, {u} updated', none: 'No notes to export' },
}

/**
 * Every note as one Markdown file with front-matter, zipped (fflate: one download, not one per
 * note); and .md files back (all or nothing: a bad file refuses the import and says which).
 */
export function MarkdownIO() {
  const { lang } = useI18n()
  const t = TEXT[lang]
  const input = useRef<HTMLInputElement>(null)
  const exportAll = async () => {
    try {
      const { files } = await api['notes.exportMarkdown']({})
      if (!files.length) return notify('info', ({ lang: l }) => TEXT[l].none)
      const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, strToU8(f.content)])))
      downloadBlob(new Blob([zip], { type: 'application/zip' }), `notes-${new Date().toISOString().slice(0, 10)}.zip`)
      notify('ok', ({ lang: l }) => TEXT[l].exported.replace('{n}', String(files.length)))
    } catch (e) {
      notify('error', ({ lang: l }) => errorText(e, l))
    }
  }
  const importFiles = async (list: FileList | null) => {
    if (!list?.length) return
    try {
      const files = await Promise.all([...list].map(async (f) => ({ name: f.name, content: await f.text() })))
      const r = await api['notes.importMarkdown']({ files })
      notify('ok', ({ lang: l }) => TEXT[l].imported.replace('{c}', String(r.created)).replace('{u}', String(r.updated)))
    } catch (e) {
      notify('error', ({ lang: l }) => errorText(e, l), { sticky: true })
    } finally {
      if (input.current) input.current.value = ''
    }
  }
  return (
    <span className="md-io">
      <button className="small" onClick={() => void exportAll()} data-testid="export-markdown">
        {t.export}
      </button>
      <button className="small" onClick={() => input.current?.click()} data-testid="import-markdown">
        {t.import}
      </button>
      <input ref={input} type="file" multiple accept=".md,.markdown,text/markdown" hidden onChange={(e) => void importFiles(e.target.files)} data-testid="import-markdown-input" />
    </span>
  )
}
