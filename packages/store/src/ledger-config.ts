import { z } from 'zod'

/** A five-field cron expression that fires every day: day of month, month and day of week are `*`. */
const DailyCron = z
  .string()
  .trim()
  .refine((s) => {
    const f = s.split(/\s+/)
    const field = /^(\*|\d{1,2}(-\d{1,2})?(,\d{1,2}(-\d{1,2})?)*)(\/\d{1,2})?$/
    return f.length === 5 && field.test(f[0] as string) && field.test(f[1] as string) && f[2] === '*' && f[3] === '*' && f[4] === '*'
  }, 'must be a five-field cron expression that fires at least daily (minute and hour fields only; day, month and weekday must be *)')

/** The evidence ledger (docs/adr/0008-evidence-ledger.md, docs/evidence.md). */
export const LedgerConfig = z.strictObject({
  /** Seal every stored event and finding into the hash-chained Merkle ledger. */
  enabled: z.boolean().default(true),
  /** Names this deployment in every checkpoint (e.g. `vigil.acme.example/prod`). */
  origin: z.string().min(1).default('vigil'),
  /** When signed checkpoints are made (cron, UTC): hourly by default, never less often than daily. */
  checkpoint_schedule: DailyCron.default('0 * * * *'),
  /**
   * Ed25519 signing key, PKCS#8 PEM (or a 64-hex-digit seed). Usually from
   * VIGIL_LEDGER__SIGNING_KEY. Keep it away from the database's admins.
   */
  signing_key: z.string().min(1).optional(),
  /** A file holding the signing key. `vigil start` generates `<data_dir>/ledger-signing-key.pem` (0600) when neither is set. */
  signing_key_file: z.string().min(1).optional(),
  /**
   * Directory every checkpoint is exported to (`checkpoint-<seq>.json`,
   * `keys.json`): point it at WORM storage. It must exist. Default
   * `<data_dir>/ledger-anchors`, created by `vigil start`.
   */
  anchor_dir: z.string().min(1).optional(),
})
export type LedgerConfig = z.infer<typeof LedgerConfig>
