const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Replaces lone surrogates (invalid UTF-16 from untrusted input) with U+FFFD, so no payload carries one. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd')
}

/** Escapes exactly Slack's three control characters; nothing else is entity-encoded. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with `…` when cut, and
 * never splitting a surrogate pair.
 */
export function truncate(input: string, max: number): string {
  const text = wellFormed(input)
  if (text.length <= max) return text
  if (max <= 0) return ''
  let end = max - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${text.slice(0, end)}…`
}

/**
 * Escapes then truncates, without leaving half an entity (`&am…`) at the cut:
 * the escaped text is cut at a boundary between escaped characters.
 */
export function slackText(input: string, max: number): string {
  const text = wellFormed(input)
  const escaped = slackEscape(text)
  if (escaped.length <= max) return escaped
  let out = ''
  for (const ch of text) {
    const piece = slackEscape(ch)
    if (out.length + piece.length > max - 1) break
    out += piece
  }
  return `${out}…`
}

/** Text inside a Slack inline code span: backticks would close it, so they become a look-alike. */
export function slackCode(text: string, max: number): string {
  return `\`${slackText(text.replace(/`/g, 'ˋ').replace(/\n/g, ' '), max - 2)}\``
}
