import { buildUniverse } from '/work/main/electron/main/domains/valuations/bulk'
import { engineContext } from '/work/main/electron/main/engine/context'
import { openWorkspace } from '/work/main/electron/main/workspace'
import { createHandlers } from '/work/main/electron/main/api/handlers'
import { dispatch } from '/work/main/electron/main/api/dispatch'
const ws = openWorkspace(process.argv[2])
const r = buildUniverse(engineContext(ws), { securities: 2000, snapshots: 10, batchSize: 500 })
console.log(r.securities, r.rows, r.ms)
const h = createHandlers(ws)
for (let i = 0; i < 3; i++) {
  const t = performance.now()
  const res: any = dispatch(h, 'chain.map', { metric: 'pe', fyKey: 'FY25E', currency: 'USD' })
  console.log('chain.map ms', (performance.now() - t).toFixed(0), res.ok ? `${res.result.cards} cards, ${JSON.stringify(res.result).length} bytes` : JSON.stringify(res.error))
}
ws.close()
