import { openWorkspace } from '/work/main/electron/main/workspace'
import { securityScope } from '/work/main/electron/main/domains/compare/filter'
import { latestRowIds, fyKeysInScope } from '/work/main/electron/main/domains/compare/scope'
import { rowsByIds } from '/work/main/electron/main/domains/valuations/rows'
import { analyseChain } from '/work/main/shared/compare'
import { buildMap } from '/work/main/shared/chainMapBuild'
import { assignmentMap, listNodes } from '/work/main/electron/main/domains/chain/queries'
import { listFx } from '/work/main/electron/main/domains/fx/queries'
import { placementsElsewhere, securityFacts } from '/work/main/electron/main/domains/chain/facts'
import { listLenses } from '/work/main/electron/main/domains/chain/lens'
const ws = openWorkspace('/tmp/ws2k'); const db = ws.db
const o: any = { metric: 'pe', fyKey: 'FY25E', currency: 'USD', nmRule: true, nmCap: 100, excludeFlagged: true, primaryOnly: false, excludedRowIds: [], lens: null, level: 'layer' }
for (let k = 0; k < 2; k++) {
let t = performance.now(); const lap = (n: string) => { const x = performance.now(); console.log(n, (x - t).toFixed(0)); t = x }
const lenses = listLenses(db); const nodes = listNodes(db); const pl = assignmentMap(db); lap('nodes+assign')
const ids = latestRowIds(db, o, null); lap('latestRowIds ' + ids.length)
const rows = rowsByIds(db, ids); lap('rowsByIds')
const a = analyseChain(rows, pl, nodes, listFx(db), o); lap('analyse')
const facts = securityFacts(db, null); lap('facts')
const el = placementsElsewhere(db, nodes); lap('elsewhere')
const b = buildMap({ analysis: a, options: o, placements: pl, facts, elsewhere: el }); lap('build')
fyKeysInScope(db, o); lap('fy')
JSON.stringify(b); lap('json')
}
ws.close()
{
const ws2 = openWorkspace('/tmp/ws2k'); const db2 = ws2.db
const nodes = listNodes(db2); const pl = assignmentMap(db2)
const rows = rowsByIds(db2, latestRowIds(db2, o, null))
const a = analyseChain(rows, pl, nodes, listFx(db2), o)
const facts = securityFacts(db2, null); const el = placementsElsewhere(db2, nodes)
const { Session } = await import('node:inspector/promises')
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start')
for (let i = 0; i < 5; i++) buildMap({ analysis: a, options: o, placements: pl, facts, elsewhere: el })
const { profile } = await s.post('Profiler.stop') as any
const self = new Map<string, number>()
const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n: any) => [n.id, n]))
profile.samples.forEach((id: number, i: number) => { const n: any = byId.get(id); const k = `${n.callFrame.functionName}@${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)) })
console.log([...self.entries()].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'))
ws2.close()
}
