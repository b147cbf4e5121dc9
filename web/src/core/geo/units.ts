import type { Brand } from './brand.ts'

/** A length in metres. */
export type Meters = Brand<number, 'Meters'>
/** A duration in minutes. */
export type Minutes = Brand<number, 'Minutes'>
/** A speed in kilometres per hour. */
export type KmPerHour = Brand<number, 'KmPerHour'>
/** WGS-84 longitude, latitude in degrees (GeoJSON order). */
export type LngLat = readonly [lng: number, lat: number]

/** Marks a number as metres. @example meters(1000) */
export const meters = (n: number): Meters => n as Meters
/** Marks a number as minutes. @example minutes(15) */
export const minutes = (n: number): Minutes => n as Minutes
/** Marks a number as km/h. @example kmPerHour(4.5) */
export const kmPerHour = (n: number): KmPerHour => n as KmPerHour

/**
 * Distance walked in `t` minutes at `speed` km/h.
 * @example walkDistance(minutes(15), kmPerHour(4)) // 1000 m
 */
export function walkDistance(t: Minutes, speed: KmPerHour): Meters {
  return meters((t * speed * 1000) / 60)
}

/** Mean Earth radius in metres used for every distance in lifecircle (Turf's convention). */
export const EARTH_RADIUS_M = meters(6_371_008.8)
