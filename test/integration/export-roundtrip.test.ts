import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { buildExport, type WorkspaceExport } from '../../electron/main/domains/workspace/export'
import { loadWorkspaceExport } from '../../electron/main/domains/workspace/importJson'
import { openWorkspace, type Workspace } from '../../electron/main/workspace'
import { handlersFor } from '../helpers/api'
import { dumpDb, tempDir, tempWorkspace } from '../helpers/workspace'

/**
 * The workspace JSON export loads back into an equal workspace (export → load → export gives
 * the same file), a bad file is refused naming the path and changes nothing, and a version 2
 * file still loads.
 */
const open: (Workspace & { cleanup: () => void })[] = []
const fresh = () => {
  const ws = tempWorkspace()
  open.push(ws)
  return ws
}
afterEach(() => {
  for (const ws of open.splice(0)) ws.cleanup()
})

let clock = Date.parse('2024-05-01T00:00:00Z')
const ctxOf = (ws: Workspace) => ({ db: ws.db, now: () => new Date((clock += 1000)), emit: () => {} })
/** a file as a script would read it: plain JSON */
const asFile = (e: WorkspaceExport): any => JSON.parse(JSON.stringify(e))
const withoutTime = ({ exportedAt: _, ...rest }: WorkspaceExport) => rest

/** A workspace with the analyst's edits, made through the real handlers. */
function editedWorkspace() {
  const ws = fresh()
  const { call } = handlersFor(ws)
  call('fx.set', { currency: 'CNY', asOf: '2024-01-02', perUsd: 7.1, source: 'desk' })
  const { id } = call<{ id: string }>('chain.createNode', { parentId: 'infra', nameZh: '液冷', nameEn: 'Liquid cooling' })
  call('securities.setNodes', { securityId: 'NVDA.US', nodeIds: [id, 'infra.chips'] })
  call('securities.setNodes', { securityId: 'MSFT.US', nodeIds: [] }) // placed by hand nowhere
  const label = buildExport(ws.db).chain.crosswalk.find((c) => c.reportId === 'r000')!.label
  call('chain.setCrosswalk', { reportId: 'r000', label, nodeIds: [id] })
  return { ws, nodeId: id, label }
}

/** The same export as version 2 wrote it: without the fields version 3 added. */
function asVersion2(e: WorkspaceExport): any {
  const v2 = asFile(e)
  v2.version = 2
  for (const r of v2.valuationRows) {
    for (const k of ['tableSeq', 'headerPrinted', 'importFile', 'importHash', 'importFormat']) delete r.provenance[k]
    for (const f of r.figures) delete f.sourceCol
  }
  for (const a of v2.chain.assignments) delete a.sources
  delete v2.chain.unplacedByHand
  return v2
}

function refusal(ws: Workspace, data: unknown): AppError {
  try {
    loadWorkspaceExport(ctxOf(ws), data)
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('the load should have been refused')
}

describe('workspace JSON export → load → export', () => {
  it('loads the edited workspace into a fresh one that exports the same file', () => {
    const { ws: a, nodeId, label } = editedWorkspace()
    const first = buildExport(a.db)
    expect(first.version).toBe(3)
    expect(first.fxRates).toContainEqual({ currency: 'CNY', asOf: '2024-01-02', perUsd: 7.1, source: 'desk' })
    expect(first.chain.assignments.find((x) => x.securityId === 'NVDA.US')).toEqual({ securityId: 'NVDA.US', nodeIds: [nodeId, 'infra.chips'], manual: true, sources: ['user', 'user'] })
    expect(first.chain.unplacedByHand).toEqual(['MSFT.US'])
    expect(first.chain.crosswalk.find((c) => c.reportId === 'r000' && c.label === label)!.nodeIds).toEqual([nodeId])
    expect(first.valuationRows[0]!.provenance).toMatchObject({ tableSeq: 1, headerPrinted: expect.any(String), importFile: null })

    const b = fresh()
    const r = loadWorkspaceExport(ctxOf(b), asFile(first))
    expect(r).toMatchObject({ version: 3, reports: 5, valuationRows: first.valuationRows.length, keptSecurities: [] })
    expect(withoutTime(buildExport(b.db))).toEqual(withoutTime(first))

    // one bulk change set, an undo barrier; the hand placement is locked in the new workspace too
    const set = b.db.prepare('SELECT label, kind, undoable FROM change_set WHERE id = ?').get(r.setId)
    expect(set).toEqual({ label: 'workspace.importJson', kind: 'bulk', undoable: 0 })
    expect(b.db.prepare('SELECT 1 FROM security_node_lock WHERE security_id = ?').pluck().get('NVDA.US')).toBe(1)
    const usd = b.db.prepare(`SELECT count(*) FROM valuation_row WHERE mcap_mn IS NOT NULL AND mcap_usd IS NULL`).pluck().get()
    expect(usd).toBe(0)
  })

  it('loading a workspace its own export changes nothing but stops undo there', () => {
    const { ws: a } = editedWorkspace()
    const before = buildExport(a.db)
    const rowIds = () => a.db.prepare('SELECT id FROM valuation_row ORDER BY id').pluck().all()
    const ids = rowIds()
    const { setId } = loadWorkspaceExport(ctxOf(a), asFile(before))
    expect(withoutTime(buildExport(a.db))).toEqual(withoutTime(before))
    // written by natural key and as a diff: row ids (hand exclusions) stay, no tracked row changed
    expect(rowIds()).toEqual(ids)
    expect(a.db.prepare('SELECT change_count FROM change_set WHERE id = ?').pluck().get(setId)).toBe(0)
    expect(handlersFor(a).fail('history.undo').code).toBe('history.nothingToUndo')
  })

  it('keeps import provenance and source columns (version 3)', () => {
    const e = asFile(buildExport(fresh().db))
    const last = e.valuationRows.at(-1)
    const table = e.valuationRows.filter((r: any) => r.reportId === last.reportId && r.provenance.tableSeq === last.provenance.tableSeq)
    expect(table.length).toBeGreaterThan(0)
    for (const r of table) {
      Object.assign(r.provenance, { importFile: 'peers.csv', importHash: 'ab'.repeat(32), importFormat: 'csv' })
      r.figures.forEach((f: any, i: number) => (f.sourceCol = `col ${i + 1}`))
    }
    const b = fresh()
    loadWorkspaceExport(ctxOf(b), e)
    expect(withoutTime(buildExport(b.db))).toEqual(withoutTime(e))
    const batches = () => b.db.prepare('SELECT report_id, file_name, format, state, row_count FROM import_batch').all()
    expect(batches()).toEqual([{ report_id: last.reportId, file_name: 'peers.csv', format: 'csv', state: 'applied', row_count: table.length }])
    loadWorkspaceExport(ctxOf(b), e) // again: the same import record, not a second one
    expect(batches()).toHaveLength(1)
  })

  it('keeps a security the file lacks when a note or an entered price refers to it', () => {
    const e = asFile(buildExport(fresh().db))
    const gone = 'MSFT.US'
    e.securities = e.securities.filter((s: any) => s.id !== gone)
    e.coverage = e.coverage.filter((c: any) => c.securityId !== gone)
    e.valuationRows = e.valuationRows.filter((r: any) => r.securityId !== gone)
    e.chain.assignments = e.chain.assignments.filter((x: any) => x.securityId !== gone)

    const b = fresh()
    const { call } = handlersFor(b)
    call('prices.set', { securityId: gone, asOf: '2024-04-30', price: 400, currency: 'USD', source: 'desk' })
    call('notes.save', { subject: { kind: 'security', id: gone }, title: 'Azure', body: 'capex' })
    const r = loadWorkspaceExport(ctxOf(b), e)
    expect(r.keptSecurities).toEqual([gone])
    expect(b.db.prepare('SELECT count(*) FROM user_price WHERE security_id = ?').pluck().get(gone)).toBe(1)
    expect(b.db.prepare('SELECT count(*) FROM valuation_row WHERE security_id = ?').pluck().get(gone)).toBe(0)

    const c = fresh() // nothing refers to it: it goes
    expect(loadWorkspaceExport(ctxOf(c), e).keptSecurities).toEqual([])
    expect(c.db.prepare('SELECT count(*) FROM security WHERE id = ?').pluck().get(gone)).toBe(0)
  })

  it('refuses a bad file naming the path, and the workspace is unchanged', () => {
    const good = asFile(buildExport(editedWorkspace().ws.db))
    const target = fresh()
    handlersFor(target).call('fx.set', { currency: 'HKD', asOf: '2024-02-01', perUsd: 7.8, source: 'desk' })
    const before = dumpDb(target.db)

    const wrongVersion = { ...good, version: 4 }
    expect(refusal(target, wrongVersion).message).toMatch(/version: expected 2 or 3, got 4/)

    const noPrinted = asFile(good)
    const row = noPrinted.valuationRows.findIndex((r: any) => r.figures.length > 3)
    delete noPrinted.valuationRows[row].figures[3].printed
    const e1 = refusal(target, noPrinted)
    expect(e1.message).toContain(`valuationRows[${row}].figures[3].printed: expected string`)
    expect(e1).toMatchObject({ kind: 'input', code: 'workspace.importJson.invalid', field: `valuationRows[${row}].figures[3].printed` })

    const unknownSecurity = asFile(good)
    unknownSecurity.valuationRows[5].securityId = 'NOPE.US'
    expect(refusal(target, unknownSecurity).message).toContain('valuationRows[5].securityId: unknown security "NOPE.US"')

    expect(refusal(target, 'not an export').message).toMatch(/expected a JSON object/)
    expect(dumpDb(target.db)).toBe(before)
  })

  it('still loads a version 2 file (what it lacks, a fresh workspace already has)', () => {
    const first = buildExport(editedWorkspace().ws.db)
    const b = fresh()
    expect(loadWorkspaceExport(ctxOf(b), asVersion2(first)).version).toBe(2)
    // placements' sources are inferred (hand = user, bundled default, else crosswalk); headers stay;
    // a hand placement in no node is not in a version 2 file
    expect(withoutTime(buildExport(b.db))).toEqual({ ...withoutTime(first), chain: { ...first.chain, unplacedByHand: [] } })
  })
})

describe('npm run import-workspace', () => {
  it('only checks without --confirm, loads with it', () => {
    const root = join(__dirname, '../..')
    const src = fresh()
    handlersFor(src).call('fx.set', { currency: 'JPY', asOf: '2024-03-01', perUsd: 150, source: 'desk' })
    const file = join(tempDir(), 'ws.json')
    writeFileSync(file, JSON.stringify(buildExport(src.db)))
    const dir = tempDir()
    openWorkspace(dir).close()
    const run = (...args: string[]) => execFileSync(join(root, 'node_modules/.bin/tsx'), ['electron/main/cli/importWorkspace.ts', '--data-dir', dir, file, ...args], { cwd: root, encoding: 'utf8' })
    const fx = () => {
      const ws = openWorkspace(dir)
      try {
        return ws.db.prepare("SELECT count(*) FROM fx_rate WHERE currency = 'JPY' AND as_of = '2024-03-01'").pluck().get()
      } finally {
        ws.close()
      }
    }
    try {
      expect(run()).toMatch(/version 3, valid[\s\S]*fxRates[\s\S]*Nothing changed/)
      expect(fx()).toBe(0)
      expect(run('--confirm')).toMatch(/Loaded into/)
      expect(fx()).toBe(1)
    } finally {
      for (const d of [dir, dirname(file)]) rmSync(d, { recursive: true, force: true })
    }
  })
})
