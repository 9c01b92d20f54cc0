import { describe, expect, it } from 'vitest'
import { AppError } from '@vigil/core'
import { parseControlCatalogs } from './controls.js'

const SOC2 = `framework: soc2
name: SOC 2
version: "2017"
controls:
  - { id: CC6.1, title: Logical access, summary: Access is restricted. }
  - { id: CC7.2, title: Monitoring, summary: Anomalies are detected. }
`

function failure(sources: { file: string; text: string }[]): string {
  try {
    parseControlCatalogs(sources)
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('invalid_rule')
    return (err as Error).message
  }
  throw new Error('expected parseControlCatalogs to throw')
}

describe('parseControlCatalogs', () => {
  it('parses catalogs', () => {
    expect(parseControlCatalogs([{ file: 'soc2.yaml', text: SOC2 }])).toEqual([
      {
        framework: 'soc2',
        name: 'SOC 2',
        version: '2017',
        controls: [
          { id: 'CC6.1', title: 'Logical access', summary: 'Access is restricted.' },
          { id: 'CC7.2', title: 'Monitoring', summary: 'Anomalies are detected.' },
        ],
      },
    ])
  })

  it('refuses duplicate ids, a bad framework, a YAML error and missing fields, all in one error', () => {
    expect(
      failure([
        { file: 'dup.yaml', text: `${SOC2}  - { id: CC6.1, title: Again, summary: Twice. }\n` },
        { file: 'bad.yaml', text: SOC2.replace('soc2', 'iso27001') },
        { file: 'yaml.yaml', text: 'framework: [soc2\n' },
        { file: 'empty.yaml', text: 'framework: gdpr\nname: GDPR\nversion: "2016"\ncontrols: []\n' },
        { file: 'extra.yaml', text: SOC2.replace('summary: Access is restricted.', 'summary: x, text: copied') },
      ]),
    ).toBe(
      [
        'invalid control catalogs:',
        '  - dup.yaml: control CC6.1 is listed twice',
        '  - bad.yaml: framework: Invalid option: expected one of "soc2"|"hipaa"|"gdpr"',
        '  - yaml.yaml: YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:',
        '  - empty.yaml: controls: Too small: expected array to have >=1 items',
        '  - extra.yaml: controls.0: Unrecognized key: "text"',
      ].join('\n'),
    )
  })
})
