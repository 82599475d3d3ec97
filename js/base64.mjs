// Base64 text to bytes (the embedded wasm), with what every runtime has: `atob`.
export function bytes(base64) {
  const s = atob(base64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
