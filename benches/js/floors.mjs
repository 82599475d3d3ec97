// Floors, measured in the same run as the engines, so that every figure can be read against
// what the machine and V8 cost anyway: the timing loop itself, a JavaScript Set.has, a call into
// wasm with three numbers, and a call into wasm with three short strings copied in the way
// wasm-bindgen's glue copies them (allocate in wasm, write the bytes, call).

/** A hand-assembled module: add3(i32, i32, i32), malloc(len) (a bump pointer), take(p,l,p,l,p,l). */
const WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // types: (i32 i32 i32) -> i32, (i32) -> i32, (i32 x6) -> i32
  0x01, 0x17, 0x03,
  0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
  0x60, 0x01, 0x7f, 0x01, 0x7f,
  0x60, 0x06, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
  // functions
  0x03, 0x04, 0x03, 0x00, 0x01, 0x02,
  // memory: one page
  0x05, 0x03, 0x01, 0x00, 0x01,
  // global: mutable i32 = 1024 (the bump pointer)
  0x06, 0x07, 0x01, 0x7f, 0x01, 0x41, 0x80, 0x08, 0x0b,
  // exports: add3, malloc, take, mem
  0x07, 0x1e, 0x04,
  0x04, 0x61, 0x64, 0x64, 0x33, 0x00, 0x00,
  0x06, 0x6d, 0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x01,
  0x04, 0x74, 0x61, 0x6b, 0x65, 0x00, 0x02,
  0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00,
  // code
  0x0a, 0x28, 0x03,
  // add3: a + b + c
  0x0a, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x20, 0x02, 0x6a, 0x0b,
  // malloc: old = top; top += len; return old
  0x0b, 0x00, 0x23, 0x00, 0x23, 0x00, 0x20, 0x00, 0x6a, 0x24, 0x00, 0x0b,
  // take: top = 1024; return l1 + l2 + l3
  0x0f, 0x00, 0x41, 0x80, 0x08, 0x24, 0x00, 0x20, 0x01, 0x20, 0x03, 0x6a, 0x20, 0x05, 0x6a, 0x0b,
]);

export function floorModule() {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(WASM), {});
  const { add3, malloc, take, mem } = exports;
  let view = new Uint8Array(mem.buffer);
  let len = 0;
  const encoder = new TextEncoder();
  // As wasm-bindgen's passStringToWasm0: an ASCII fast path, encodeInto for the rest.
  function pass(arg) {
    let n = arg.length;
    let ptr = malloc(n) >>> 0;
    if (view.buffer !== mem.buffer) view = new Uint8Array(mem.buffer);
    let offset = 0;
    for (; offset < n; offset++) {
      const code = arg.charCodeAt(offset);
      if (code > 0x7f) break;
      view[ptr + offset] = code;
    }
    if (offset !== n) {
      n = offset + (n - offset) * 3;
      const r = encoder.encodeInto(arg.slice(offset), view.subarray(ptr + offset, ptr + n));
      offset += r.written;
    }
    len = offset;
    return ptr;
  }
  return {
    add3,
    /** Three strings into wasm and a call: the cost of a string API before any work. */
    strings3(a, b, c) {
      const pa = pass(a);
      const la = len;
      const pb = pass(b);
      const lb = len;
      const pc = pass(c);
      return take(pa, la, pb, lb, pc, len);
    },
  };
}
