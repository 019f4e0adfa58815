/** Search domain: one global search over securities, chain nodes, reports and notes. */
import type { DomainHandlers } from '../../engine/app'
import { searchAll } from './query'

export const searchHandlers: DomainHandlers<'search.query'> = {
  'search.query': ({ q, limit }, { db }) => ({ hits: searchAll(db, q, limit) }),
}
