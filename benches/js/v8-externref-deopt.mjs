// A minimal reproducer of the V8 abort that Cedar's calls provoke in Node 20 (V8 11.3):
//
//   node benches/js/v8-externref-deopt.mjs externref   # "Fatal error ... unreachable code"
//   node benches/js/v8-externref-deopt.mjs i32         # the same with an i32 result: fine
//
// Optimized JavaScript inlines the call to a wasm export (`--turbo-inline-js-wasm-calls`, on by
// default). If that function is deoptimized lazily while the call runs (here: the wasm calls back
// into JavaScript, which changes a field the caller's optimized code relied on), the deoptimizer
// must rebuild the continuation of the inlined call, and for an `externref` result V8 11.3 reaches
// UNREACHABLE() in Deoptimizer::DoComputeBuiltinContinuation. rolecascade's exports return only
// i32s, so its glue never sets this up; an export returning a `JsValue` directly would.

const kind = process.argv[2] || "externref";
const RESULT = { externref: 0x6f, i32: 0x7f }[kind];
if (RESULT === undefined) throw new Error("usage: v8-externref-deopt.mjs externref|i32");

// (module
//   (import "m" "cb" (func $cb (param externref) (result RESULT)))
//   (func (export "f") (param externref) (result RESULT) (call $cb (local.get 0))))
const bytes = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x06, 0x01, 0x60, 0x01, 0x6f, 0x01, RESULT,
  0x02, 0x08, 0x01, 0x01, 0x6d, 0x02, 0x63, 0x62, 0x00, 0x00,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x01,
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b,
]);

const o = { x: 1 };
let trigger = false;
const cb = (v) => {
  // Generalizes the field from small integer to double: optimized code that read `o.x` as a small
  // integer is deoptimized, lazily for the frames on the stack.
  if (trigger) o.x = 1.5;
  return v;
};
const { f } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { cb } }).exports;

function hot(a) {
  const r = f(a);
  return o.x + (r ? 1 : 0);
}

let acc = 0;
for (let i = 0; i < 1e6; i++) acc += hot(1);
console.log(`${kind}: optimized; now deoptimizing during the call`);
trigger = true;
acc += hot(1);
console.log(`${kind}: survived (${acc})`);
