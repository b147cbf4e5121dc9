import { describe, expect, it } from 'vitest'
import { polygonalBbox } from './bbox.ts'

describe('polygonalBbox', () => {
  it('spans the outer rings of every polygon, ignoring heights', () => {
    expect(
      polygonalBbox({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [121, 31, 5],
              [121.1, 31, 5],
              [121.1, 31.2, 5],
              [121, 31, 5],
            ],
          ],
          [
            [
              [120.9, 30.9],
              [121, 30.9],
              [121, 31],
              [120.9, 30.9],
            ],
          ],
        ],
      }),
    ).toEqual([120.9, 30.9, 121.1, 31.2])
  })
})
