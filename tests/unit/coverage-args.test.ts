import { describe, expect, it } from 'vitest'
import { ArgsError, categorySettings, parseCoverageArgs } from '../../scripts/lib/coverage-args.ts'

const base = ['--communities', 'c.geojson', '--facilities', 'f.geojson']

describe('parseCoverageArgs', () => {
  it('defaults to 1,000 m, exact, open facilities, one thread', () => {
    expect(parseCoverageArgs(base)).toMatchObject({
      communities: 'c.geojson',
      facilities: [{ path: 'f.geojson' }],
      reach_m: 1000,
      method: 'exact',
      statuses: ['open'],
      threads: 1,
      region: 'china',
    })
  })

  it('turns minutes and speed into metres', () => {
    expect(parseCoverageArgs([...base, '--minutes', '15', '--speed-kmh', '4']).reach_m).toBeCloseTo(
      1000,
      9,
    )
    expect(parseCoverageArgs([...base, '--minutes', '10']).reach_m).toBeCloseTo(666.667, 2)
  })

  it('reads per-file categories, per-category reach and field maps', () => {
    const a = parseCoverageArgs([
      '--communities',
      'v.geojson',
      '--facilities',
      'store=dir/s.csv',
      '--facilities',
      'canteen=c.csv',
      '--reach',
      'store=500,canteen=800',
      '--community-fields',
      'id=V_ID,population=A0A14_CNT+A15A64_CNT+A65UP_CNT,population_elderly=A65UP_CNT',
      '--facility-fields',
      'lon=經度,lat=緯度',
    ])
    expect(a.facilities).toEqual([
      { path: 'dir/s.csv', category: 'store' },
      { path: 'c.csv', category: 'canteen' },
    ])
    expect(a.reachByCategory).toEqual({ store: 500, canteen: 800 })
    expect(a.communityFields).toEqual({
      id: 'V_ID',
      population: ['A0A14_CNT', 'A15A64_CNT', 'A65UP_CNT'],
      population_elderly: 'A65UP_CNT',
    })
    expect(a.facilityFields).toEqual({ lon: '經度', lat: '緯度' })
  })

  it('rejects contradictory or malformed arguments with a message', () => {
    const cases: [string[], RegExp][] = [
      [['--facilities', 'f'], /--communities is required/],
      [['--communities', 'c'], /--facilities is required/],
      [[...base, '--reach-m', '800', '--minutes', '15'], /either --reach-m or --minutes/],
      [[...base, '--speed-kmh', '4'], /--speed-kmh needs --minutes/],
      [[...base, '--reach-m', '0'], /--reach-m must be a positive number/],
      [[...base, '--method', 'quick'], /--method must be exact or fast/],
      [[...base, '--reach', 'store'], /--reach: expected KEY=VALUE/],
      [[...base, '--threads', '1.5'], /whole number/],
      [[...base, '--statuses', 'open,shut'], /unknown status "shut"/],
      [[...base, '--facility-fields', 'x=1'], /unknown field "x"/],
      [[...base, '--nonsense'], /Unknown option '--nonsense'/],
    ]
    for (const [argv, message] of cases) {
      expect(() => parseCoverageArgs(argv)).toThrow(message)
      expect(() => parseCoverageArgs(argv)).toThrow(ArgsError)
    }
  })

  it('lets --help through without files', () => {
    expect(parseCoverageArgs(['--help']).help).toBe(true)
  })
})

describe('categorySettings', () => {
  it('orders found categories with the standard four first and applies target groups and reach', () => {
    const args = parseCoverageArgs([...base, '--reach-m', '900', '--reach', 'store=500'])
    expect(categorySettings(args, ['store', 'pharmacy', 'canteen', 'store'])).toEqual([
      { code: 'canteen', reach_m: 900, target_group: 'elderly' },
      { code: 'store', reach_m: 500, target_group: 'all' },
      { code: 'pharmacy', reach_m: 900, target_group: 'all' },
    ])
  })
  it('uses --categories as given and refuses a reach for a category not computed', () => {
    const args = parseCoverageArgs([...base, '--categories', 'childcare', '--reach', 'store=500'])
    expect(() => categorySettings(args, ['store'])).toThrow(/not computed \(childcare\)/)
    const ok = parseCoverageArgs([...base, '--categories', 'childcare'])
    expect(categorySettings(ok, ['store'])).toEqual([
      { code: 'childcare', reach_m: 1000, target_group: 'infants' },
    ])
  })
})
