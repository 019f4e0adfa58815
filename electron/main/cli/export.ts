/**
 * `npm run export -- --data-dir DIR --out FILE.json`: writes the whole workspace as JSON
 * (docs/export-schema.md). Seeds an empty data directory first, like the app does.
 * The file is written to a temp name and renamed, so a crash never leaves half a backup.
 */
import { renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { buildExport } from '../domains/workspace/export'
import { dataDirFromArgs, openWorkspace } from '../workspace'

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2)
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
}

function main(): void {
  const out = arg('--out')
  if (!out) throw new Error('missing --out FILE.json')
  const dataDir = dataDirFromArgs(process.argv.slice(2), process.env, join(homedir(), '.aigc-workbench'))
  const ws = openWorkspace(dataDir)
  try {
    const data = buildExport(ws.db)
    const file = resolve(out)
    const tmp = `${file}.tmp-${process.pid}`
    writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n')
    renameSync(tmp, file)
    console.log(
      `Exported ${data.reports.length} reports, ${data.securities.length} securities, ${data.coverage.length} coverage entries, ${data.valuationRows.length} valuation rows → ${file}`,
    )
  } finally {
    ws.close()
  }
}

try {
  main()
} catch (e) {
  console.error(`export failed: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
}
