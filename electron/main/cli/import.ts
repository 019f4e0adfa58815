/**
 * `npm run import -- --data-dir DIR FILE [--preset NAME] [--sheet NAME] [--dry-run] [--json]`
 * (docs/import.md). A `.txt` file is read as a table pasted from a PDF report. Without
 * --dry-run the import is committed through the app's own write path (one undoable change set);
 * the source record comes from --institution/--title/--date/--as-of or --report ID.
 * Other flags: --create-new (create securities the file introduces), --skip-bad (leave out
 * rejected rows), --allow-duplicate (import a file imported before).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { createHandlers } from '../api/handlers'
import { dispatch } from '../api/dispatch'
import { runImport } from '../domains/imports/pipeline'
import { DB_FILENAME, dataDirFromArgs, openWorkspace } from '../workspace'
import { dryRunJson } from '../domains/imports/report'

const argv = process.argv.slice(2)
const VALUE_FLAGS = new Set(['--data-dir', '--preset', '--sheet', '--institution', '--title', '--date', '--as-of', '--report'])

function arg(name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
}
const flag = (name: string) => argv.includes(name)

function fileArg(): string {
  const files = argv.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.has(argv[i - 1] ?? ''))
  if (files.length !== 1) throw new Error(`give exactly one FILE to import (got ${files.length})`)
  return files[0]!
}

async function main(): Promise<number> {
  const file = fileArg()
  if (!existsSync(file)) throw new Error(`${file}: no such file`)
  const bytes = readFileSync(file)
  const source = { name: basename(file), base64: bytes.toString('base64') }
  const preset = arg('--preset') ?? null
  const sheet = arg('--sheet') ?? null
  const dataDir = dataDirFromArgs(argv, process.env, join(homedir(), '.aigc-workbench'))
  const dry = flag('--dry-run')
  // A dry run writes nothing: a data directory without a workspace is not created (and seeded)
  // for it; the securities are resolved against a throw-away copy of the bundled data instead.
  const scratch = dry && !existsSync(join(dataDir, DB_FILENAME)) ? mkdtempSync(join(tmpdir(), 'wb-import-')) : null
  const ws = openWorkspace(scratch ?? dataDir)
  try {
    if (dry) {
      const run = await runImport(ws.db, { source, preset, sheet })
      const out = dryRunJson(run)
      if (flag('--json')) console.log(JSON.stringify(out, null, 2))
      else console.log(`${out.format}${out.encoding ? ` (${out.encoding})` : ''}, preset ${out.preset ?? 'none'}: ${out.rows.length} rows, ${out.rejected.length} rejected, ${out.skipped} skipped — nothing written`)
      return 0
    }
    const reportId = arg('--report')
    const target = reportId
      ? { reportId }
      : { institution: arg('--institution') ?? preset ?? 'Import', ...(arg('--title') ? { title: arg('--title') } : {}), ...(arg('--date') ? { date: arg('--date') } : {}), ...(arg('--as-of') ? { asOf: arg('--as-of') } : {}) }
    const h = createHandlers(ws)
    const r = await dispatch(h, 'import.commit', { source, preset, sheet, target, createNew: flag('--create-new'), skipRejected: flag('--skip-bad'), allowDuplicate: flag('--allow-duplicate') })
    if (!r.ok) {
      if (flag('--json')) console.log(JSON.stringify({ ok: false, error: r.error }, null, 2))
      else console.error(`import refused (${r.error.code}): ${r.error.message}`)
      return 2
    }
    const res = r.result as { import: { id: number; reportId: string; rows: number; figures: number }; created: string[]; leftOut: unknown[] }
    if (flag('--json')) console.log(JSON.stringify({ ok: true, result: res }, null, 2))
    else console.log(`imported ${res.import.rows} rows (${res.import.figures} figures) into report ${res.import.reportId} as import #${res.import.id}; ${res.created.length} securities created, ${res.leftOut.length} rows left out`)
    return 0
  } finally {
    ws.close()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    const body = e && typeof e === 'object' && 'toBody' in e ? (e as { toBody: () => { code: string; message: string } }).toBody() : null
    console.error(`import failed: ${body ? `${body.code}: ${body.message}` : e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
