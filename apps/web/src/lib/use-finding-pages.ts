import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import type { Finding, FindingQuery } from '../api/client'
import type { Session } from './session'

export const PAGE_SIZE = 500

export interface FindingPages {
  items: readonly Finding[]
  /** Every page is loaded. */
  complete: boolean
  loading: boolean
  error: unknown
  loadMore: () => void
  /** Keeps loading pages until the last one (for a sort over everything). */
  loadAll: () => void
  retry: () => void
}

/**
 * Findings for a query, fetched a page at a time by cursor. A new query
 * starts over; answers for an older query are dropped.
 */
export function useFindingPages(session: Session, query: FindingQuery, queryKey: string): FindingPages {
  const [items, setItems] = useState<readonly Finding[]>([])
  const [complete, setComplete] = useState(false)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [all, setAll] = useState(false)
  const cursor = useRef<string | null | undefined>(undefined)
  const generation = useRef(0)
  const inFlight = useRef(false)

  const loadMore = useCallback(() => {
    if (inFlight.current || cursor.current === null) return
    inFlight.current = true
    const gen = generation.current
    setLoading(true)
    setError(undefined)
    const params = { query: { ...query, limit: PAGE_SIZE, ...(cursor.current === undefined ? {} : { cursor: cursor.current }) } }
    session
      .call((api) => api.GET('/v1/findings', { params }))
      .then(
        (page) => {
          if (gen !== generation.current) return
          cursor.current = page.next_cursor
          setItems((prev) => (prev.length === 0 ? page.items : prev.concat(page.items)))
          setComplete(page.next_cursor === null)
        },
        (err: unknown) => {
          if (gen === generation.current) setError(err)
        },
      )
      .finally(() => {
        if (gen !== generation.current) return
        inFlight.current = false
        setLoading(false)
      })
  }, [session, queryKey])

  useEffect(() => {
    generation.current++
    cursor.current = undefined
    inFlight.current = false
    setItems([])
    setComplete(false)
    setAll(false)
    setError(undefined)
    loadMore()
  }, [loadMore])

  useEffect(() => {
    if (all && !loading && !complete && error === undefined) loadMore()
  }, [all, loading, complete, error, loadMore])

  return { items, complete, loading, error, loadMore, loadAll: useCallback(() => setAll(true), []), retry: loadMore }
}
