// Provided by the Vite config's database-image plugin (vite.config.ts).
declare module 'virtual:lifecircle-db-image' {
  /** The database image of this build, or null when it could not be built. */
  export const dbImage: {
    /** Relative to the page (build) or the server root (dev). */
    url: string
    digest: string
    names: string[]
    /**
     * The anonymous answers of the image's database to the map's first reads
     * (data/early-answers.ts), as JSON; relative like `url`. Null when not built.
     */
    publicUrl: string | null
  } | null
}
