import { useMemo, useState } from 'preact/hooks'
import { childPath, markOf } from '../lib/json-paths'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const isContainer = (v: unknown): v is Json[] | Record<string, Json> => typeof v === 'object' && v !== null

function Scalar({ value }: { value: Json }) {
  if (typeof value === 'string') return <span class="j-str">{JSON.stringify(value)}</span>
  if (typeof value === 'number') return <span class="j-num">{String(value)}</span>
  if (typeof value === 'boolean') return <span class="j-bool">{String(value)}</span>
  return <span class="j-null">null</span>
}

function MatchedTag() {
  return <span class="matched-tag">matched</span>
}

interface NodeProps {
  name: string | number | undefined
  value: Json
  path: string
  depth: number
  matched: ReadonlySet<string>
  /** 'all' and 'none' come from the toolbar; undefined lets each node choose. */
  forced: 'all' | 'none' | undefined
}

function Node({ name, value, path, depth, matched, forced }: NodeProps) {
  const mark = markOf(path, matched)
  const label =
    name === undefined ? null : (
      <>
        <span class="j-key">{typeof name === 'number' ? name : JSON.stringify(name)}</span>
        <span class="j-punct">: </span>
      </>
    )
  if (!isContainer(value)) {
    return (
      <li class={mark === 'match' ? 'j-match' : mark === 'inside' ? 'j-inside' : undefined} data-path={path}>
        {label}
        <Scalar value={value} />
        {mark === 'match' ? <MatchedTag /> : null}
      </li>
    )
  }
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  const size = `${entries.length} ${Array.isArray(value) ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}`
  if (entries.length === 0) {
    return (
      <li data-path={path} class={mark === 'match' ? 'j-match' : undefined}>
        {label}
        <span class="j-punct">{open + close}</span>
        {mark === 'match' ? <MatchedTag /> : null}
      </li>
    )
  }
  // The path to a matched field is open; large bodies the rule did not read start closed.
  const openByDefault = mark === 'ancestor' || mark === 'match' || depth === 0 || (depth === 1 && entries.length <= 12)
  const isOpen = forced === 'all' ? true : forced === 'none' ? depth === 0 : openByDefault
  return (
    <li data-path={path} class={mark === 'match' ? 'j-match' : mark === 'inside' ? 'j-inside' : undefined}>
      <details open={isOpen}>
        <summary>
          {label}
          <span class="j-punct">{open}</span>
          <span class="j-size">{size}</span>
          {mark === 'match' ? <MatchedTag /> : null}
        </summary>
        <ul class="j-list">
          {entries.map(([k, v]) => (
            <Node key={String(k)} name={k} value={v} path={childPath(path, k)} depth={depth + 1} matched={matched} forced={forced} />
          ))}
        </ul>
        <span class="j-punct j-close">{close}</span>
      </details>
    </li>
  )
}

/**
 * A raw audit event, pretty-printed as a tree whose objects fold. The
 * fields the rule read are marked (a highlight and the word "matched") and
 * the path to each is unfolded; bodies the rule did not read start folded.
 */
export function RawEvent({ event, highlight }: { event: unknown; highlight: readonly string[] }) {
  const matched = useMemo(() => new Set(highlight), [highlight])
  const [forced, setForced] = useState<'all' | 'none' | undefined>(undefined)
  const [generation, setGeneration] = useState(0)
  const fold = (mode: 'all' | 'none') => {
    setForced(mode)
    setGeneration((g) => g + 1)
  }
  return (
    <div class="raw-event">
      <div class="toolbar" role="group" aria-label="Raw event view">
        <button type="button" onClick={() => fold('all')}>
          Expand all
        </button>
        <button type="button" onClick={() => fold('none')}>
          Collapse all
        </button>
      </div>
      <ul class="j-tree" key={generation}>
        <Node name={undefined} value={event as Json} path="" depth={0} matched={matched} forced={forced} />
      </ul>
    </div>
  )
}
