import type { CompiledRule, Ruleset } from './compile.js'

const FIRST_STAGE: Record<string, string> = {
  RequestReceived: 'any (from RequestReceived)',
  ResponseStarted: 'ResponseStarted or ResponseComplete',
  ResponseComplete: 'ResponseComplete',
}

function level(r: CompiledRule): string {
  return r.metadataCondition === undefined ? r.needs.level : `${r.needs.level} (Metadata fallback)`
}

function row(r: CompiledRule): string {
  const mitre = r.tags.filter((t) => t.startsWith('mitre:')).map((t) => t.slice('mitre:'.length))
  const controls = r.controls.map((c) => `${c.framework} ${c.id} (${c.role})`)
  const kind = r.threshold === undefined ? '' : ` — threshold ${r.threshold.count}${r.threshold.distinct === undefined ? '' : ` distinct ${r.threshold.distinct}`} per ${r.threshold.window}`
  return `| \`${r.id}\`${r.enabled ? '' : ' (off by default)'} | ${r.severity}${kind} | ${FIRST_STAGE[r.needs.stages[0] as string] ?? r.needs.stages.join(', ')} | ${level(r)} | ${controls.join(', ')} | ${mitre.join(', ')} |`
}

/**
 * docs/detections.md: every shipped rule by pack, with what it needs from
 * the audit policy (derived from what it reads, ADR 0012), its controls
 * and its MITRE ATT&CK techniques.
 */
export function detectionsDoc(ruleset: Ruleset): string {
  const packs = new Map<string, CompiledRule[]>()
  for (const r of ruleset.rules) {
    const pack = r.id.slice(0, r.id.indexOf('.'))
    packs.set(pack, [...(packs.get(pack) ?? []), r])
  }
  const sections = [...packs].map(
    ([pack, rules]) => `## ${pack} (${rules.length})

| rule | severity | judged at (first stage kept) | audit level needed | controls | MITRE ATT&CK |
|---|---|---|---|---|---|
${rules.map(row).join('\n')}
`,
  )
  const enabled = ruleset.rules.filter((r) => r.enabled).length
  return `# Detections

<!-- Generated from rules/*.yaml by \`npm run generate\`; do not edit. -->

The shipped packs: ${ruleset.rules.length} rules, ${enabled} enabled by default. For each rule, the
stage and audit level it needs are derived from the fields it reads (ADR 0012): a rule is judged
at the first stage the audit policy keeps that carries them, once per request, and a rule that
needs a body is not judged on Metadata-level events unless it has a Metadata fallback.
[detections-parity.md](detections-parity.md) maps other tools' detections to these rules;
[falco-parity.md](falco-parity.md) does so for Falco; [rules.md](rules.md) explains the fields.

${sections.join('\n')}`
}
