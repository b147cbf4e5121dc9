import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import {
  deviceOsFromUserAgent,
  directionsLink,
  directionsLinks,
  directionsOrder,
} from './directions.ts'

const PLACE = [121.429756, 31.038234] as const
const NAME = '明珠社区长者食堂 & 二店'

const numbers = (url: string, key: string): [number, number] => {
  const value = new URL(url).searchParams.get(key)!
  const [a, b] = value.split(',').map(Number)
  return [a!, b!]
}

describe('directionsLink', () => {
  it('AMap: GCJ-02 lon,lat within 1e-6 of gcoord, walking, the name encoded', () => {
    const link = directionsLink('amap', PLACE, NAME)
    const want = gcoord.transform([PLACE[0], PLACE[1]], gcoord.WGS84, gcoord.GCJ02)
    const [lon, lat] = numbers(link.url, 'to')
    expect(Math.abs(lon - want[0])).toBeLessThanOrEqual(1e-6)
    expect(Math.abs(lat - want[1])).toBeLessThanOrEqual(1e-6)
    expect(link.url.startsWith('https://uri.amap.com/navigation?')).toBe(true)
    expect(new URL(link.url).searchParams.get('to')!.split(',')[2]).toBe(NAME)
    expect(new URL(link.url).searchParams.get('mode')).toBe('walk')
    expect(link.crs).toBe('GCJ-02')
    // GCJ-02 is offset from WGS-84 by a few hundred metres in Shanghai: the conversion happened.
    expect(Math.abs(lon - PLACE[0])).toBeGreaterThan(1e-3)
  })

  it('Baidu: BD-09 lat,lon within 1e-6 of gcoord, coord_type bd09ll', () => {
    const link = directionsLink('baidu', PLACE, NAME)
    const want = gcoord.transform([PLACE[0], PLACE[1]], gcoord.WGS84, gcoord.BD09)
    const [lat, lon] = numbers(link.url, 'location')
    expect(Math.abs(lon - want[0])).toBeLessThanOrEqual(1e-6)
    expect(Math.abs(lat - want[1])).toBeLessThanOrEqual(1e-6)
    const params = new URL(link.url).searchParams
    expect(params.get('coord_type')).toBe('bd09ll')
    expect(params.get('title')).toBe(NAME)
    expect(params.get('output')).toBe('html')
    expect(link.position[0]).toBeCloseTo(want[0], 6)
  })

  it('Apple: GCJ-02 lat,lon; Google: WGS-84 lat,lon', () => {
    const apple = directionsLink('apple', PLACE, NAME)
    const gcj = gcoord.transform([PLACE[0], PLACE[1]], gcoord.WGS84, gcoord.GCJ02)
    const [alat, alon] = numbers(apple.url, 'daddr')
    expect(Math.abs(alon - gcj[0])).toBeLessThanOrEqual(1e-6)
    expect(Math.abs(alat - gcj[1])).toBeLessThanOrEqual(1e-6)
    expect(apple.url.startsWith('https://maps.apple.com/?')).toBe(true)
    const google = directionsLink('google', PLACE, NAME)
    const [glat, glon] = numbers(google.url, 'destination')
    expect(Math.abs(glon - PLACE[0])).toBeLessThanOrEqual(1e-6)
    expect(Math.abs(glat - PLACE[1])).toBeLessThanOrEqual(1e-6)
    expect(google.crs).toBe('WGS-84')
  })

  it('never lets a name break out of its parameter', () => {
    const link = directionsLink('baidu', PLACE, 'a&output=json#x')
    expect(new URL(link.url).searchParams.get('output')).toBe('html')
    expect(new URL(link.url).searchParams.get('title')).toBe('a&output=json#x')
  })
})

describe('platform order', () => {
  it('reads the system from a user agent', () => {
    expect(deviceOsFromUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)')).toBe(
      'ios',
    )
    expect(deviceOsFromUserAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8)')).toBe('android')
    expect(deviceOsFromUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)')).toBe('other')
    expect(deviceOsFromUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', true)).toBe(
      'ios',
    )
    expect(deviceOsFromUserAgent('Mozilla/5.0 (X11; Linux x86_64)')).toBe('other')
  })

  it('puts the platform app first: iOS Apple, Android AMap, zh-CN AMap then Baidu, else Google', () => {
    expect(directionsOrder('ios', 'en')[0]).toBe('apple')
    expect(directionsOrder('android', 'en')[0]).toBe('amap')
    expect(directionsOrder('other', 'zh-CN')).toEqual(['amap', 'baidu', 'apple', 'google'])
    expect(directionsOrder('other', 'zh-Hans-CN').slice(0, 2)).toEqual(['amap', 'baidu'])
    expect(directionsOrder('other', 'zh-TW')[0]).toBe('google')
    expect(directionsOrder('other', 'en-GB')).toEqual(['google', 'apple', 'amap', 'baidu'])
    expect(directionsOrder('ios', 'zh-CN')).toEqual(['apple', 'amap', 'baidu', 'google'])
  })

  it('returns one link per app, the primary first', () => {
    const links = directionsLinks(PLACE, NAME, { os: 'android', language: 'zh-CN' })
    expect(links.map((l) => l.provider)).toEqual(['amap', 'baidu', 'apple', 'google'])
    expect(links.every((l) => l.url.startsWith('https://'))).toBe(true)
  })
})
