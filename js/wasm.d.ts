// A wasm file of the package (`rolecascade/rolecascade_runtime_bg.wasm`, `.../rolecascade_authoring_bg.wasm`)
// as an import gives it where .wasm imports are compiled modules (Cloudflare Workers and wrangler,
// bundlers configured so): hand it to `initSync({ module })` or `init(module)` (the runtime) or
// `loadAuthoring(module)` (the authoring module, in Node). Bundlers that give a URL instead type
// it themselves (Vite: `?url`).
declare const wasm: WebAssembly.Module;
export default wasm;
