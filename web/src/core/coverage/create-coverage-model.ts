import type { CoverageModel } from './coverage-model.ts'
import { createExactModel } from './exact-model.ts'
import { createGridCoverageModel } from './grid/grid-coverage-model.ts'
import type { CoverageMethod } from './types.ts'

/**
 * The {@link CoverageModel} of a method: `exact` (analytic) or `fast` (staged grid, straight-line
 * distances).
 * @example const model = createCoverageModel('fast')
 */
export function createCoverageModel(method: CoverageMethod): CoverageModel {
  return method === 'fast' ? createGridCoverageModel() : createExactModel()
}
