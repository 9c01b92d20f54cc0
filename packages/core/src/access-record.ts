import { z } from 'zod'

/**
 * One API request as the access log keeps it: who (principal, role, how
 * they authenticated), what (method, route template, parameters with
 * secrets masked, clusters in scope) and the outcome (status, rows).
 */
export const AccessRecord = z.strictObject({
  id: z.string(),
  at: z.string(),
  /** Token or session name; "anonymous" when no credential was accepted. */
  principal: z.string(),
  /** Managed token id; empty for config tokens, sessions and refusals. */
  token_id: z.string(),
  role: z.string(),
  /** bearer-config, bearer-store, session, none. */
  auth: z.string(),
  source_ip: z.string(),
  method: z.string(),
  /** The route template (`/v1/findings/:id`), or the raw path when no route matched. */
  route: z.string(),
  /** Query and path parameters as JSON, secrets masked. */
  params: z.string(),
  /** Clusters the request could read: the principal's scope narrowed by its filter; empty means every cluster. */
  clusters: z.array(z.string()),
  status: z.number().int(),
  error_code: z.string(),
  /** Items the response carried. */
  rows: z.number().int().min(0),
  /** The response carried raw audit events, which may hold request or response bodies. */
  sensitive: z.boolean(),
  duration_ms: z.number().int().min(0),
})
export type AccessRecord = z.infer<typeof AccessRecord>
