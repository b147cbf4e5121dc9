import fc from 'fast-check'
import { inject } from 'vitest'

// Every property without a seed of its own runs from the run's printed seed (fast-check-global.ts),
// so a failure seen once in CI can be replayed with FC_SEED.
fc.configureGlobal({ seed: inject('fcSeed') })
