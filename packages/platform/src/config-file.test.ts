import { beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { AppError } from '@vigil/core'
import { configProblems, formatIssues, ignoredConfigEnv, ignoredConfigEnvWarning, loadConfigDocument, parseConfig } from './config-file.js'

// The config file is the one piece of I/O here: a fake file system stands in for the disk.
const files = vi.hoisted(() => new Map<string, string>())
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  return {
    ...actual,
    readFileSync: (path: string) => {
      const text = files.get(path)
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' })
      return text
    },
  }
})

beforeEach(() => files.clear())

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected an AppError')
}

const load = (text: string | undefined, env: Record<string, string | undefined> = {}) => {
  if (text !== undefined) files.set('/etc/vigil.yaml', text)
  return loadConfigDocument({ file: text === undefined ? undefined : '/etc/vigil.yaml', env })
}

describe('loadConfigDocument: the file', () => {
  it('is an empty document without a file or environment', () => {
    expect(load(undefined)).toEqual({})
  })

  it('reads a YAML mapping', () => {
    expect(load('log_level: debug\ningest:\n  port: 9000\n  tokens:\n    - cluster: prod\n      token_sha256: abc\n')).toEqual({
      log_level: 'debug',
      ingest: { port: 9000, tokens: [{ cluster: 'prod', token_sha256: 'abc' }] },
    })
  })

  it.each(['', '# only a comment\n', '---\n', 'null\n', '~\n'])('reads %j as an empty document', (text) => {
    expect(load(text)).toEqual({})
  })

  it('reports a file it cannot read, with the cause', () => {
    const err = thrown(() => loadConfigDocument({ file: '/missing.yaml', env: {} }))
    expect(err.code).toBe('invalid_config')
    expect(err.message).toBe("cannot read config file /missing.yaml: ENOENT: no such file or directory, open '/missing.yaml'")
    expect((err.cause as NodeJS.ErrnoException).code).toBe('ENOENT')
  })

  it('reports YAML errors with file:line:col, one line each', () => {
    const err = thrown(() => load('a: 1\na: 2\nb:\n  c: 1\n d: 2\n'))
    expect(err.code).toBe('invalid_config')
    expect(err.message).toBe(
      [
        'config file /etc/vigil.yaml is not valid YAML:',
        '  /etc/vigil.yaml:2:1 Map keys must be unique at line 2, column 1:',
        '  /etc/vigil.yaml:5:1 All mapping items must start at the same column at line 5, column 1:',
      ].join('\n'),
    )
  })

  it('reports an unterminated flow sequence where the parser noticed it', () => {
    expect(thrown(() => load('ingest:\n  tokens: [a, b\n')).message).toMatch(/^config file \/etc\/vigil\.yaml is not valid YAML:\n {2}\/etc\/vigil\.yaml:3:1 /)
  })

  it.each([
    ['a list', '- a\n- b\n'],
    ['a number', '42\n'],
    ['a string', 'hello\n'],
  ])('refuses %s at the top level', (_name, text) => {
    const err = thrown(() => load(text))
    expect(err.code).toBe('invalid_config')
    expect(err.message).toBe('config file /etc/vigil.yaml must hold a mapping at the top level')
  })
})

describe('loadConfigDocument: environment overrides', () => {
  it('maps VIGIL_A__B to a.b, lower-cased', () => {
    expect(load(undefined, { VIGIL_INGEST__PORT: '9000', VIGIL_Log_Level: 'debug', VIGIL_STORE__RETENTION__AUDIT_DAYS: '30' })).toEqual({
      ingest: { port: 9000 },
      log_level: 'debug',
      store: { retention: { audit_days: 30 } },
    })
  })

  it.each([
    ['9000', 9000],
    ['1.5', 1.5],
    ['"9000"', '9000'],
    ['true', true],
    ['false', false],
    ['on', 'on'],
    ['null', null],
    ['~', null],
    ['[a, b]', ['a', 'b']],
    ['{x: 1}', { x: 1 }],
    ['kafka:9092', 'kafka:9092'],
    ['./data dir', './data dir'],
  ])('parses the value %j as the YAML scalar %j', (raw, value) => {
    expect(load(undefined, { VIGIL_LOG_LEVEL: raw })).toEqual({ log_level: value })
  })

  it('treats an empty variable as unset', () => {
    expect(load('data_dir: ./mine\n', { VIGIL_DATA_DIR: '' })).toEqual({ data_dir: './mine' })
  })

  it.each(['{', '[a, b', 'a: [', '"unterminated'])('keeps %j, which is not YAML, as the raw string', (raw) => {
    expect(load(undefined, { VIGIL_LOG_LEVEL: raw })).toEqual({ log_level: raw })
  })

  it('overrides and merges into the file', () => {
    const doc = load('log_level: info\ningest:\n  host: 0.0.0.0\n  port: 8080\n', { VIGIL_INGEST__PORT: '9000', VIGIL_INGEST__MAX_DEPTH: '50' })
    expect(doc).toEqual({ log_level: 'info', ingest: { host: '0.0.0.0', port: 9000, max_depth: 50 } })
  })

  it('replaces a scalar or list that stands where a section is needed', () => {
    expect(load('ingest: 5\nstore: [1]\n', { VIGIL_INGEST__PORT: '1', VIGIL_STORE__TYPE: 'chdb' })).toEqual({ ingest: { port: 1 }, store: { type: 'chdb' } })
  })

  it('ignores VIGIL_CONFIG, other variables, unset values and empty path segments', () => {
    const doc = load('a: 1\n', {
      VIGIL_CONFIG: '/etc/other.yaml',
      PATH: '/usr/bin',
      vigil_lower: 'x',
      VIGIL_UNSET: undefined,
      VIGIL_: 'x',
      VIGIL_A__: 'x',
      VIGIL___B: 'x',
      VIGIL_C____D: 'x',
    })
    expect(doc).toEqual({ a: 1 })
  })

  it('cannot reach the prototype through __proto__', () => {
    const doc = load(undefined, { VIGIL___PROTO____POLLUTED: 'yes', VIGIL_CONSTRUCTOR__PROTOTYPE__POLLUTED: 'yes' })
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(doc).toEqual({})
  })

  it('takes only VIGIL_<SECTION>__… and the top-level keys; names the rest for a warning, never their values', () => {
    const env = {
      VIGIL_FIXTURES_DIR: '/tmp/fixtures',
      VIGIL_TEST_LOG_LEVEL: 'debug',
      VIGIL_INGEST_PORT: '9000',
      VIGIL_LOG_LEVEL__DEEP: 'x',
      VIGIL_INGEST__PORT: '9001',
      VIGIL_LOG_LEVEL: 'warn',
      VIGIL_AUTH: '{max_refusals_per_window: 5}',
      VIGIL_CONFIG: '/etc/vigil.yaml',
      VIGIL_API_URL: 'http://127.0.0.1:8081',
      VIGIL_TOKEN_FILE: './data/admin-token',
      VIGIL_EMPTY: '',
    }
    expect(load(undefined, env)).toEqual({ ingest: { port: 9001 }, log_level: 'warn', auth: { max_refusals_per_window: 5 } })
    const ignored = ignoredConfigEnv(env)
    expect(ignored).toEqual(['VIGIL_FIXTURES_DIR', 'VIGIL_INGEST_PORT', 'VIGIL_LOG_LEVEL__DEEP', 'VIGIL_TEST_LOG_LEVEL'])
    const warning = ignoredConfigEnvWarning(ignored)
    expect(warning).toMatch(/^ignoring VIGIL_FIXTURES_DIR, VIGIL_INGEST_PORT, .*VIGIL_<SECTION>__<KEY> for a section event_log, .*ingest.*VIGIL_LOG_LEVEL/)
    expect(warning).not.toContain('/tmp/fixtures')
  })
})

const Schema = z.strictObject({
  log_level: z.enum(['info', 'debug']).default('info'),
  ingest: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().default(8080),
    })
    .prefault({}),
})

describe('formatIssues', () => {
  it('writes one line per problem, with dotted paths and unknown keys quoted', () => {
    const result = Schema.safeParse({ log_level: 'loud', ingest: { port: 'x', extra: 1, more: 2 }, top: 1 })
    expect(result.success).toBe(false)
    expect(formatIssues(result.error?.issues ?? [])).toEqual([
      'log_level: Invalid option: expected one of "info"|"debug"',
      'ingest.port: Invalid input: expected number, received string',
      'ingest: unknown keys "extra", "more"',
      '(top level): unknown key "top"',
    ])
  })

  it('names array elements by index', () => {
    const result = z.strictObject({ tokens: z.array(z.strictObject({ cluster: z.string() })) }).safeParse({ tokens: [{ cluster: 'a' }, { cluster: 1 }] })
    expect(formatIssues(result.error?.issues ?? [])).toEqual(['tokens.1.cluster: Invalid input: expected string, received number'])
  })

  it('returns nothing for no issues', () => {
    expect(formatIssues([])).toEqual([])
  })
})

describe('parseConfig', () => {
  it('returns the parsed document with defaults', () => {
    expect(parseConfig(Schema, { ingest: { port: 9000 } }, 'test')).toEqual({ log_level: 'info', ingest: { host: '127.0.0.1', port: 9000 } })
    expect(parseConfig(Schema, {}, 'test')).toEqual({ log_level: 'info', ingest: { host: '127.0.0.1', port: 8080 } })
  })

  it('lists every problem in one error', () => {
    const err = thrown(() => parseConfig(Schema, { log_level: 'loud', ingest: { port: 1.5, extra: true }, top: 1 }, '/etc/vigil.yaml'))
    expect(err.code).toBe('invalid_config')
    expect(err.retriable).toBe(false)
    expect(err.message).toBe(
      [
        'invalid configuration (/etc/vigil.yaml), 4 problem(s):',
        '  - log_level: Invalid option: expected one of "info"|"debug"',
        '  - ingest.port: Invalid input: expected int, received number',
        '  - ingest: unknown key "extra"',
        '  - (top level): unknown key "top"',
      ].join('\n'),
    )
  })

  it('reports an environment override of the wrong type', () => {
    const doc = load('ingest:\n  port: 8080\n', { VIGIL_INGEST__PORT: 'abc' })
    const err = thrown(() => parseConfig(Schema, doc, 'defaults and environment'))
    expect(err.message).toBe('invalid configuration (defaults and environment), 1 problem(s):\n  - ingest.port: Invalid input: expected number, received string')
  })
})

describe('configProblems', () => {
  it('returns no problems for a valid document', () => {
    expect(configProblems(Schema, { ingest: { host: 'h' } })).toEqual([])
  })

  it('returns every problem', () => {
    expect(configProblems(Schema, { ingest: 1, nope: 2 })).toEqual(['ingest: Invalid input: expected object, received number', '(top level): unknown key "nope"'])
  })
})
