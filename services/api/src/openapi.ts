import { z } from 'zod'
import { ERROR_CATALOG } from '@vigil/core'
import type { RouteSpec } from './route.js'
import { ErrorBody } from './schemas.js'

type JsonSchema = Record<string, unknown>

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema
  delete s['$schema']
  return s
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (schema === undefined) return []
  const s = jsonSchema(schema, 'input')
  const props = (s['properties'] ?? {}) as Record<string, JsonSchema>
  const required = new Set((s['required'] as string[] | undefined) ?? [])
  return Object.entries(props).map(([name, p]) => {
    const { description, ...rest } = p
    return { name, in: where, required: where === 'path' || required.has(name), ...(description === undefined ? {} : { description }), schema: rest }
  })
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Malformed input',
  401: 'Missing or unknown token',
  403: 'Role or cluster scope does not allow this',
  404: 'Not found',
  409: 'The current state does not allow this',
  422: 'Well-formed but not possible (for example a sample larger than its population)',
  503: 'Store unavailable',
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(routes: readonly RouteSpec[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}')
    const statuses = [...new Set([...(r.roles === undefined ? [] : [401, 403]), ...r.errors, 503])].sort()
    const produced = r.produces ?? ['application/json']
    const status = r.status ?? 200
    const responses: Record<string, unknown> = {
      [status]: { description: status === 201 ? 'Created' : status === 202 ? 'Accepted' : 'OK', content: Object.fromEntries(produced.map((type) => [type, { schema: jsonSchema(r.response, 'output') }])) },
    }
    for (const s of statuses) responses[s] = { description: STATUS_TEXT[s] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
    paths[path] ??= {}
    paths[path][r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: r.tags,
      ...(r.roles === undefined ? { security: [] } : { description: `Roles: ${r.roles.join(', ')}.` }),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } }),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'vigil API', version: info.version, description: 'Findings, audit events and evidence from vigil. Errors are `{ error: { code, message } }`; codes are listed in docs/errors.md.' },
    servers: [{ url: 'http://127.0.0.1:8081' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token from config (api.tokens) or the admin-token file vigil start writes.' } },
      schemas: {
        Error: { ...jsonSchema(ErrorBody, 'output'), description: `code is one of: ${Object.keys(ERROR_CATALOG).join(', ')}` },
      },
    },
  }
}
