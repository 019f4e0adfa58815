/**
 * The one handler table, combined from the domain folders. IPC (desktop), HTTP (browser mode)
 * and the worker all dispatch into it. combine() refuses a duplicate or unknown method name.
 */
import type { Handlers } from '../../../shared/contract'
import { engineContext, type EngineContext } from '../engine/context'
import { combine } from '../engine/app'
import type { Workspace } from '../workspace'
import { backupHandlers } from '../domains/backup/handlers'
import { chainHandlers } from '../domains/chain/handlers'
import { compareHandlers } from '../domains/compare/handlers'
import { coverageHandlers } from '../domains/coverage/handlers'
import { fxHandlers } from '../domains/fx/handlers'
import { historyHandlers } from '../domains/history/handlers'
import { importHandlers } from '../domains/imports/handlers'
import { notesHandlers } from '../domains/notes/handlers'
import { qualityHandlers } from '../domains/quality/handlers'
import { reportsHandlers } from '../domains/reports/handlers'
import { searchHandlers } from '../domains/search/handlers'
import { securitiesHandlers } from '../domains/securities/handlers'
import { valuationsHandlers } from '../domains/valuations/handlers'
import { workspaceHandlers } from '../domains/workspace/handlers'

export function createHandlers(ws: Workspace, parts: Partial<Omit<EngineContext, 'ws' | 'db'>> = {}): Handlers {
  return combine(
    engineContext(ws, parts),
    workspaceHandlers,
    reportsHandlers,
    coverageHandlers,
    valuationsHandlers,
    securitiesHandlers,
    chainHandlers,
    fxHandlers,
    compareHandlers,
    qualityHandlers,
    historyHandlers,
    notesHandlers,
    searchHandlers,
    importHandlers,
    backupHandlers,
  )
}
