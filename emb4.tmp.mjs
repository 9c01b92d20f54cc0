import { spawnVigil, stopVigil } from './bench/dist/vigil-process.js'
import { metadataEvents, eventListBody } from './bench/dist/events.js'
import { mkdtempSync, rmSync, readFileSync } from 'node:fs'
const cpu = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100 }
const dir = mkdtempSync('/tmp/emb-')
const v = await spawnVigil(dir, {})
for (let run = 0; run < 3; run++) {
const bodies = Array.from({ length: 250 }, (_, b) => eventListBody(metadataEvents(400, b + 1 + run * 1000, `z${run}`)))
const c0 = cpu(v.child.pid), s0 = cpu(process.pid), t0 = performance.now()
let next = 0, acc = 0
await Promise.all(Array.from({ length: 16 }, async () => { for (let i = next++; i < bodies.length; i = next++) { const r = await fetch(`${v.ingestUrl}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${v.ingestToken}`, 'content-type': 'application/json' }, body: bodies[i] }); const j = await r.json(); acc += j.accepted ?? 0 } }))
const wall = (performance.now() - t0) / 1000
console.log('events/s', Math.round(acc / wall), 'wall', wall.toFixed(1), 's; vigil cpu', ((cpu(v.child.pid) - c0) / wall * 100).toFixed(0), '%; client cpu', ((cpu(process.pid) - s0) / wall * 100).toFixed(0), '%')
}
await stopVigil(v); rmSync(dir, { recursive: true, force: true })
