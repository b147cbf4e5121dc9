/** A nominal type: a `T` that only values explicitly marked `K` can be assigned to. */
export type Brand<T, K extends string> = T & { readonly __brand: K }
