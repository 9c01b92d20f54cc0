import { describe, expect, it } from 'vitest'
import { parseIndicatorFile } from './indicator-file.js'

describe('parseIndicatorFile', () => {
  it('reads one address or CIDR per line, skipping comments and blanks, and reports bad lines', () => {
    const text = '# Tor exits, 2026-12-07\n185.220.101.5\n\n  45.155.205.0/24   # a feed\n2a0b:f4c2::/32\nnot-an-ip\n185.220.101.5\n10.0.0.0/33\r\n'
    expect(parseIndicatorFile(text, 'addresses')).toEqual({
      items: ['185.220.101.5', '45.155.205.0/24', '2a0b:f4c2::/32'],
      problems: [
        { line: 6, text: 'not-an-ip' },
        { line: 8, text: '10.0.0.0/33' },
      ],
    })
  })

  it('keeps globs as written, a # inside an entry included', () => {
    expect(parseIndicatorFile('*kube-hunter*\nscanner#2\n# comment\n*nmap* # tool\n', 'globs')).toEqual({ items: ['*kube-hunter*', 'scanner#2', '*nmap*'], problems: [] })
  })
})
