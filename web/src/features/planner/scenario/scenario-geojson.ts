import type { ExportProvenance } from '../../../core/io/export/provenance.ts'
import type { CommunityRow } from '../../../data/row-schemas.ts'
import type { ScenarioDiff } from '../table/community-rows.ts'

/**
 * A scenario's difference as GeoJSON: the changed communities' polygons with the share before
 * and after, the change in percentage points and the people of the target group newly covered;
 * the district's change and the provenance in a top-level member.
 */
export function scenarioDiffGeoJson(
  diff: ScenarioDiff,
  communities: readonly Pick<CommunityRow, 'id' | 'boundary'>[],
  provenance: ExportProvenance,
) {
  const byId = new Map(communities.map((c) => [c.id, c]))
  return {
    type: 'FeatureCollection' as const,
    provenance: {
      kind: 'what-if scenario difference (方案对比): scenario − baseline',
      ...provenance,
      category: diff.category,
      district_before: diff.before,
      district_after: diff.after,
      district_delta_pp: diff.deltaPp,
      district_newly_covered: diff.newlyCovered,
    },
    features: diff.communities.flatMap((c) => {
      const row = byId.get(c.id)
      if (!row) return []
      return [
        {
          type: 'Feature' as const,
          geometry: row.boundary as GeoJSON.Polygon | GeoJSON.MultiPolygon,
          properties: {
            community_id: c.id,
            community_name: c.name,
            category: diff.category,
            share_before: c.before,
            share_after: c.after,
            delta_pp: c.deltaPp,
            newly_covered: c.newlyCovered,
          },
        },
      ]
    }),
  }
}
