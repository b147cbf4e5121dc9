import gcoord from 'gcoord'
import type { LngLat } from '../geo/units.ts'

/** Map apps a resident may have, each expecting its own coordinate system. */
export type DirectionsProvider = 'amap' | 'baidu' | 'apple' | 'google'

/** The coordinate system a link's numbers are in. */
export type LinkCrs = 'GCJ-02' | 'BD-09' | 'WGS-84'

export interface DirectionsLink {
  provider: DirectionsProvider
  url: string
  crs: LinkCrs
  /** The destination as written into the URL, lon/lat degrees in `crs`. */
  position: [lon: number, lat: number]
}

export type DeviceOs = 'ios' | 'android' | 'other'

/**
 * The phone's system from a user-agent string (iPadOS 13+ reports a Mac: pass `touch` when
 * the device has a touch screen to count it as iOS).
 * @example deviceOsFromUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)') // 'ios'
 */
export function deviceOsFromUserAgent(userAgent: string, touch = false): DeviceOs {
  if (/iPhone|iPad|iPod/i.test(userAgent)) return 'ios'
  if (/Android/i.test(userAgent)) return 'android'
  if (touch && /Macintosh/i.test(userAgent)) return 'ios'
  return 'other'
}

const COORD_DIGITS = 6
const fixed = (x: number): string => x.toFixed(COORD_DIGITS)
const round6 = (x: number): number => Number(fixed(x))

/**
 * A link for one provider to a WGS-84 destination, its coordinates converted to what the app
 * expects: AMap GCJ-02, Baidu BD-09, Apple GCJ-02 (Apple Maps in China draws on AutoNavi's
 * GCJ-02 data), Google WGS-84. Walking directions where the app's URL scheme offers them
 * without an origin; Baidu's web scheme needs an origin for directions, so it marks the place.
 * These are only links the resident taps; the app itself requests nothing from these hosts.
 * @example directionsLink('amap', [121.43, 31.04], '明珠社区长者食堂').url // 'https://uri.amap.com/navigation?to=121.434…'
 */
export function directionsLink(
  provider: DirectionsProvider,
  destination: LngLat,
  name: string,
): DirectionsLink {
  const wgs: [number, number] = [destination[0], destination[1]]
  const label = encodeURIComponent(name)
  switch (provider) {
    case 'amap': {
      const [lon, lat] = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02)
      return {
        provider,
        crs: 'GCJ-02',
        position: [round6(lon), round6(lat)],
        url: `https://uri.amap.com/navigation?to=${fixed(lon)},${fixed(lat)},${label}&mode=walk&coordinate=gaode&callnative=1&src=lifecircle`,
      }
    }
    case 'baidu': {
      const [lon, lat] = gcoord.transform(wgs, gcoord.WGS84, gcoord.BD09)
      return {
        provider,
        crs: 'BD-09',
        position: [round6(lon), round6(lat)],
        url: `https://api.map.baidu.com/marker?location=${fixed(lat)},${fixed(lon)}&title=${label}&content=${label}&output=html&coord_type=bd09ll&src=webapp.lifecircle.lifecircle`,
      }
    }
    case 'apple': {
      const [lon, lat] = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02)
      return {
        provider,
        crs: 'GCJ-02',
        position: [round6(lon), round6(lat)],
        url: `https://maps.apple.com/?daddr=${fixed(lat)},${fixed(lon)}&dirflg=w&q=${label}`,
      }
    }
    case 'google':
      return {
        provider,
        crs: 'WGS-84',
        position: [round6(wgs[0]), round6(wgs[1])],
        url: `https://www.google.com/maps/dir/?api=1&destination=${fixed(wgs[1])},${fixed(wgs[0])}&travelmode=walking`,
      }
  }
}

/**
 * The apps to offer, the likeliest first: Apple Maps on iOS, AMap on Android, AMap then Baidu
 * for a zh-CN browser elsewhere, Google otherwise; then the others, the Chinese apps first for
 * a zh-CN reader and last for anyone else.
 * @example directionsOrder('other', 'en') // ['google', 'apple', 'amap', 'baidu']
 */
export function directionsOrder(os: DeviceOs, language: string): DirectionsProvider[] {
  // zh, zh-CN, zh-Hans(-CN): a mainland reader; zh-TW / zh-HK readers rarely use AMap or Baidu.
  const zhCn = /^zh(-cn|-hans(-cn)?)?$/i.test(language.trim())
  const primary: DirectionsProvider =
    os === 'ios' ? 'apple' : os === 'android' ? 'amap' : zhCn ? 'amap' : 'google'
  const rest: DirectionsProvider[] = zhCn
    ? ['amap', 'baidu', 'apple', 'google']
    : ['google', 'apple', 'amap', 'baidu']
  return [primary, ...rest.filter((p) => p !== primary)]
}

/**
 * Every directions link for a destination, the one for the resident's platform first.
 * @example directionsLinks([121.43, 31.04], '明珠社区长者食堂', { os: 'android', language: 'zh-CN' })[0].provider // 'amap'
 */
export function directionsLinks(
  destination: LngLat,
  name: string,
  platform: { os: DeviceOs; language: string },
): DirectionsLink[] {
  return directionsOrder(platform.os, platform.language).map((p) =>
    directionsLink(p, destination, name),
  )
}
