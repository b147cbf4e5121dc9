import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The fast-check seed every property of this run starts from. */
    fcSeed: number
  }
}

/**
 * Picks one fast-check seed for the whole run — `FC_SEED` when set, else a fresh one — prints it,
 * and hands it to every test file (see fast-check-seed.ts). A failing property also prints its own
 * seed and path; `FC_SEED=<seed> npx vitest run <file>` replays the run.
 */
export default function setup(project: TestProject): void {
  const fromEnv = process.env.FC_SEED
  let seed: number
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^-?\d+$/.test(fromEnv)) throw new Error(`FC_SEED must be an integer, got "${fromEnv}"`)
    seed = Number(fromEnv) | 0
  } else {
    // A 32-bit signed seed, as fast-check prints them.
    seed = (Math.random() * 2 ** 32) | 0
  }
  console.log(`fast-check seed: ${seed} (replay with FC_SEED=${seed})`)
  project.provide('fcSeed', seed)
}
