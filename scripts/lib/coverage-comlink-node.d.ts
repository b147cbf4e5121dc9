// Comlink ships its Node adapter as node-adapter.mjs with types in node-adapter.d.ts, which
// TypeScript does not pair with the .mjs path that Node needs: this pairs them.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter'
}
