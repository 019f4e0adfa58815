/**
 * `npm run import-workspace -- --data-dir DIR FILE.json [--confirm]`: loads a workspace JSON
 * export (docs/export-schema.md) into the workspace, replacing its reports, securities,
 * valuations, chain, placements and FX rates (notes, history, prefs and backups stay).
 * Without --confirm it only checks the file and prints what would be replaced: a load is an
 * undo barrier, so it is never done by accident. Opens the workspace like every process does
 * (instance lock first), so it refuses while the app has the workspace open.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { CATEGORIES, checkWorkspaceExport, loadWorkspaceExport, planWorkspaceLoad, type LoadPlan } from '../domains/workspace/importJson'
import { dataDirFromArgs, openWorkspace } from '../workspace'

const USAGE = 'usage: npm run import-workspace -- --data-dir DIR FILE.json [--confirm]'

/** The one argument that is neither a flag nor a flag's value. */
function fileArg(argv: readonly string[]): string {
  const rest = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--data-dir')
  if (rest.length !== 1) throw new Error(rest.length ? `expected one FILE.json, got ${rest.join(' ')}\n${USAGE}` : `missing FILE.json\n${USAGE}`)
  return resolve(rest[0]!)
}

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new Error(`${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
}

function describe(plan: LoadPlan, file: string): string {
  const lines = [`${file}: workspace export version ${plan.version}, valid.`, 'Replaces (now → from the file):']
  for (const c of CATEGORIES) lines.push(`  ${c.padEnd(16)} ${String(plan.now[c]).padStart(7)} → ${plan.file[c]}`)
  lines.push('Keeps: notes, entered prices, history, prefs, import presets and records, backups.')
  if (plan.keptSecurities.length) lines.push(`Keeps ${plan.keptSecurities.length} securities the file lacks because notes or prices refer to them: ${plan.keptSecurities.join(', ')}`)
  if (plan.notesLosingSubject) lines.push(`${plan.notesLosingSubject} note(s) are about a report or chain node the file lacks: they stay, without their subject.`)
  return lines.join('\n')
}

function main(): void {
  const argv = process.argv.slice(2)
  const file = fileArg(argv)
  const data = readJson(file)
  // A bad file is refused before the workspace is even opened (opening an empty directory seeds it).
  const doc = checkWorkspaceExport(data)
  const dataDir = dataDirFromArgs(argv, process.env, join(homedir(), '.aigc-workbench'))
  const ws = openWorkspace(dataDir)
  try {
    console.log(describe(planWorkspaceLoad(ws.db, data, doc), file))
    if (!argv.includes('--confirm')) {
      console.log('Nothing changed. Run again with --confirm to load it (undo stops at the load).')
      return
    }
    const r = loadWorkspaceExport({ db: ws.db, now: () => new Date(), emit: () => {} }, data, doc)
    console.log(`Loaded into ${ws.dataDir}: ${r.reports} reports, ${r.securities} securities, ${r.valuationRows} valuation rows, ${r.qualityFlags} quality flags (change set #${r.setId}).`)
  } finally {
    ws.close()
  }
}

try {
  main()
} catch (e) {
  console.error(`import-workspace failed: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
}
