/** The users the demo seed creates; in local mode anyone may act as any of them. */
export const demoUsers = [
  'resident@demo.lifecircle',
  'worker.a@demo.lifecircle',
  'worker.b@demo.lifecircle',
  'planner@demo.lifecircle',
  'admin@demo.lifecircle',
] as const
