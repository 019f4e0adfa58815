import { openWorkspace } from '/work/main/electron/main/workspace'
import { chainMap } from '/work/main/electron/main/domains/chain/map'
const ws = openWorkspace('/tmp/ws2k'); const db = ws.db
const o: any = { metric: 'pe', fyKey: 'FY25E', currency: 'USD', nmRule: true, nmCap: 100, excludeFlagged: true, primaryOnly: false, excludedRowIds: [], lens: null }
for (let i = 0; i < 3; i++) { const t = performance.now(); chainMap(db, o); console.log('chainMap', (performance.now() - t).toFixed(0)) }
const { Session } = await import('node:inspector/promises')
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start')
for (let i = 0; i < 5; i++) chainMap(db, o)
const { profile } = await s.post('Profiler.stop') as any
const self = new Map<string, number>()
const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n: any) => [n.id, n]))
profile.samples.forEach((id: number, i: number) => { const n: any = byId.get(id); let u = n.callFrame.url; try { u = decodeURIComponent(u) } catch {}; const f = (/__filename="([^"]+)"/.exec(u)?.[1] ?? u).split('/').pop(); const k = `${n.callFrame.functionName}@${f}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)) })
console.log([...self.entries()].sort((x, y) => y[1] - x[1]).slice(0, 14).map(([k, v]) => `${(v / 5000).toFixed(0)}ms ${k}`).join('\n'))
ws.close()
