/** Caps the requests being read or published at once, across every ingest route. */
export interface Admission {
  /** False when the cap is reached; the caller answers 429. */
  enter(request: object): boolean
  /** Idempotent per request. */
  leave(request: object): void
}

export function createAdmission(max: number): Admission {
  let inFlight = 0
  const admitted = new WeakSet<object>()
  return {
    enter(request) {
      if (inFlight >= max) return false
      inFlight++
      admitted.add(request)
      return true
    },
    leave(request) {
      if (admitted.delete(request)) inFlight--
    },
  }
}
