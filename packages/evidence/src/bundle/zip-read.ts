import type { FileHandle } from 'node:fs/promises'
import { createInflateRaw, crc32 } from 'node:zlib'

/**
 * A strict reader for the bundles vigil writes (yazl, no comments, no extra
 * fields, DOS timestamps, UTF-8 names). Every byte of the archive is
 * accounted for: local headers, file data, data descriptors, the central
 * directory and its end record must follow one another with nothing in
 * between, and every field that the central directory repeats must agree.
 * Anything else is a ZipFormatError that says where, so one changed byte in
 * the framing is reported rather than skipped over. The file data itself is
 * checked by its CRC-32 here and by its SHA-256 against the manifest.
 */
export class ZipFormatError extends Error {
  constructor(
    /** Where in the archive: `end of central directory`, `central directory entry 3 (report.json)`, `report.json data`. */
    readonly where: string,
    message: string,
    /** True when the archive is well-formed but uses something this reader does not support (ZIP64). */
    readonly unsupported = false,
  ) {
    super(`${where}: ${message}`)
  }
}

export interface ZipEntry {
  name: string
  index: number
  method: 0 | 8
  flags: number
  crc32: number
  compressedSize: number
  uncompressedSize: number
  localOffset: number
  dataOffset: number
  /** Where the entry (with its data descriptor) ends: the next local header or the central directory. */
  end: number
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const DESCRIPTOR = 0x08074b50
const ZIP64_LOCATOR = 0x07064b50
const UTF8 = 1 << 11
const SIZES_AFTER = 1 << 3
/** What yazl writes: made by Unix (3), spec 6.3; needs 2.0; regular file mode 0664. */
const VERSION_MADE_BY = (3 << 8) | 63
const VERSION_NEEDED = 20
const EXTERNAL_ATTRS = (0o100664 << 16) >>> 0

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length)
  const { bytesRead } = await fh.read(buf, 0, length, position)
  return buf.subarray(0, bytesRead)
}

const names = new TextDecoder('utf-8', { fatal: true })

/** Reads and cross-checks the whole archive structure; the entries in archive order. */
export async function readZipIndex(fh: FileHandle, size: number): Promise<ZipEntry[]> {
  if (size < 22) throw new ZipFormatError('archive', `${size} bytes is too short for a ZIP file`)
  const end = await readAt(fh, size - 22, 22)
  if (end.readUInt32LE(0) !== EOCD) throw new ZipFormatError('end of central directory', 'the archive does not end with an end-of-central-directory record (truncated, appended to, or a comment was added)')
  if (size >= 42 && (await readAt(fh, size - 42, 4)).readUInt32LE(0) === ZIP64_LOCATOR) throw new ZipFormatError('end of central directory', 'ZIP64 archives are not supported by this verifier', true)
  const disk = end.readUInt16LE(4)
  const cdDisk = end.readUInt16LE(6)
  const onDisk = end.readUInt16LE(8)
  const total = end.readUInt16LE(10)
  const cdSize = end.readUInt32LE(12)
  const cdOffset = end.readUInt32LE(16)
  const commentLength = end.readUInt16LE(20)
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) throw new ZipFormatError('end of central directory', 'multi-disk fields are set')
  if (commentLength !== 0) throw new ZipFormatError('end of central directory', `a ${commentLength}-byte archive comment length is recorded; bundles have none`)
  if (cdOffset + cdSize !== size - 22) throw new ZipFormatError('end of central directory', `the central directory (offset ${cdOffset}, ${cdSize} bytes) does not end where the end record starts (${size - 22})`)
  const cd = await readAt(fh, cdOffset, cdSize)
  const entries: ZipEntry[] = []
  let p = 0
  let time: number | undefined
  const seen = new Set<string>()
  for (let i = 0; i < total; i++) {
    const where = `central directory entry ${i + 1}`
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError(where, 'no central directory record where one should start')
    const nameLength = cd.readUInt16LE(p + 28)
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLength)
    let name: string
    try {
      name = names.decode(nameBytes)
    } catch {
      throw new ZipFormatError(where, 'the file name is not UTF-8')
    }
    const at = `${where} (${name})`
    const flags = cd.readUInt16LE(p + 8)
    const method = cd.readUInt16LE(p + 10)
    const dosTime = cd.readUInt32LE(p + 12)
    if (cd.readUInt16LE(p + 4) !== VERSION_MADE_BY) throw new ZipFormatError(at, 'unexpected "version made by"')
    if (cd.readUInt16LE(p + 6) !== VERSION_NEEDED) throw new ZipFormatError(at, 'unexpected "version needed to extract"')
    if ((flags & ~SIZES_AFTER) !== UTF8) throw new ZipFormatError(at, `unexpected general-purpose flags 0x${flags.toString(16)}`)
    if (method !== 0 && method !== 8) throw new ZipFormatError(at, `unsupported compression method ${method}`)
    if (time === undefined) time = dosTime
    else if (dosTime !== time) throw new ZipFormatError(at, 'its modification time differs from the other entries')
    if (cd.readUInt16LE(p + 30) !== 0 || cd.readUInt16LE(p + 32) !== 0) throw new ZipFormatError(at, 'an extra field or a file comment is recorded; bundles have none')
    if (cd.readUInt16LE(p + 34) !== 0 || cd.readUInt16LE(p + 36) !== 0 || cd.readUInt32LE(p + 38) !== EXTERNAL_ATTRS) throw new ZipFormatError(at, 'unexpected disk number or file attributes')
    if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').some((s) => s === '..' || s === '.' || s === '')) throw new ZipFormatError(at, 'the file name is not a plain relative path')
    if (seen.has(name)) throw new ZipFormatError(at, 'the name appears twice in the archive')
    seen.add(name)
    entries.push({
      name,
      index: i,
      method,
      flags,
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      dataOffset: 0,
      end: 0,
    })
    p += 46 + nameLength
  }
  if (p !== cd.length) throw new ZipFormatError('central directory', `${cd.length - p} bytes after the last record`)
  let expected = 0
  for (const e of entries) {
    const at = `local header of ${e.name}`
    if (e.localOffset !== expected) throw new ZipFormatError(at, `starts at ${e.localOffset}, but the previous entry ends at ${expected}`)
    const nameBytes = Buffer.from(e.name, 'utf8')
    const h = await readAt(fh, e.localOffset, 30 + nameBytes.length)
    if (h.length < 30 || h.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(at, 'no local file header at the offset the central directory gives')
    if (h.readUInt16LE(4) !== VERSION_NEEDED || h.readUInt16LE(6) !== e.flags || h.readUInt16LE(8) !== e.method || h.readUInt32LE(10) !== time) throw new ZipFormatError(at, 'version, flags, method or time differ from the central directory')
    const deferred = (e.flags & SIZES_AFTER) !== 0
    const [crc, cs, us] = [h.readUInt32LE(14), h.readUInt32LE(18), h.readUInt32LE(22)]
    if (deferred ? crc !== 0 || cs !== 0 || us !== 0 : crc !== e.crc32 || cs !== e.compressedSize || us !== e.uncompressedSize) throw new ZipFormatError(at, 'CRC or sizes differ from the central directory')
    if (h.readUInt16LE(26) !== nameBytes.length || h.readUInt16LE(28) !== 0 || !h.subarray(30).equals(nameBytes)) throw new ZipFormatError(at, 'the name differs from the central directory, or an extra field is present')
    e.dataOffset = e.localOffset + 30 + nameBytes.length
    e.end = e.dataOffset + e.compressedSize
    if (deferred) {
      const d = await readAt(fh, e.end, 16)
      if (d.length < 16 || d.readUInt32LE(0) !== DESCRIPTOR || d.readUInt32LE(4) !== e.crc32 || d.readUInt32LE(8) !== e.compressedSize || d.readUInt32LE(12) !== e.uncompressedSize) {
        throw new ZipFormatError(`data descriptor of ${e.name}`, 'missing, or CRC and sizes differ from the central directory')
      }
      e.end += 16
    }
    expected = e.end
  }
  if (expected !== cdOffset) throw new ZipFormatError('central directory', `starts at ${cdOffset}, but the last entry ends at ${expected}`)
  return entries
}

/**
 * An entry's bytes, inflated, in chunks. Throws a ZipFormatError naming the
 * entry when the data does not inflate, does not use exactly its recorded
 * compressed size, or its length or CRC-32 differ from the directory's.
 */
export async function* entryChunks(fh: FileHandle, e: ZipEntry): AsyncGenerator<Buffer> {
  const where = `${e.name} (compressed data)`
  const CHUNK = 1 << 16
  const inflate = e.method === 8 ? createInflateRaw() : undefined
  let crc = 0
  let length = 0
  const out: Buffer[] = []
  let failure: Error | undefined
  inflate?.on('data', (c: Buffer) => out.push(c))
  let wake: (() => void) | undefined
  inflate?.on('error', (err) => {
    failure = err
    wake?.()
  })
  const settle = (start: (done: () => void) => void) =>
    new Promise<void>((resolve) => {
      wake = resolve
      start(resolve)
    })
  const take = function* (): Generator<Buffer> {
    while (out.length > 0) {
      const c = out.shift() as Buffer
      crc = crc32(c, crc)
      length += c.length
      yield c
    }
  }
  for (let pos = 0; pos < e.compressedSize; pos += CHUNK) {
    const raw = await readAt(fh, e.dataOffset + pos, Math.min(CHUNK, e.compressedSize - pos))
    if (inflate === undefined) out.push(raw)
    else await settle((done) => inflate.write(raw, () => done()))
    if (failure !== undefined) throw new ZipFormatError(where, `does not inflate: ${failure.message}`)
    yield* take()
  }
  if (inflate !== undefined) {
    await settle((done) => {
      inflate.once('end', done)
      inflate.end()
    })
    if (failure !== undefined) throw new ZipFormatError(where, `does not inflate: ${failure.message}`)
    yield* take()
    if (inflate.bytesWritten !== e.compressedSize) throw new ZipFormatError(where, `the deflate stream ends after ${inflate.bytesWritten} of its ${e.compressedSize} bytes`)
  }
  if (length !== e.uncompressedSize) throw new ZipFormatError(where, `inflates to ${length} bytes, the directory says ${e.uncompressedSize}`)
  if ((crc >>> 0) !== e.crc32) throw new ZipFormatError(where, 'CRC-32 differs from the directory')
}
