import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./wasm-binary.js";

/**
 * Row kernels on flat Float64Array rows (samples innermost): the hot loops of the DMFT's Monte
 * Carlo and responses. Each has a JavaScript implementation and a WebAssembly SIMD (f64x2) one
 * compiled from assembly/kernels.ts; the WebAssembly one runs when every array argument lives in
 * the kernels' memory (allocate them with `kernelScratch`), the JavaScript one otherwise. Both
 * perform the same floating-point operations in the same order, so results are bit-identical
 * whichever runs (tested). `MEANFIELD_KERNELS=js` in the environment disables WebAssembly.
 */

/** The part of the WebAssembly API used here (the project's TypeScript lib has no DOM types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike };
}

export interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  accumulateRows(
    acc: number,
    b: number,
    coef: number,
    scale: number,
    X: number,
    stride: number,
    count: number,
  ): void;
  tangentSweep(...args: number[]): void;
  accumulateGramLower(G: number, ld: number, E: number, stride: number, rows: number, b: number): void;
  residualGradient(X: number, n: number, d: number, w: number, y: number, r: number, g: number): void;
  sumRows(dst: number, src: number, rows: number, stride: number, count: number): void;
  residualGradientPacked(
    X: number,
    n: number,
    dp: number,
    w: number,
    y: number,
    r: number,
    g: number,
    blockColumns: number,
  ): void;
}

let wasm: KernelExports | null | undefined;
let compiled: { api: WasmApi; module: object } | null | undefined;
/** Workspaces' memories (createKernelWorkspace), each with its own instance of the kernels. */
const workspaces = new WeakMap<ArrayBuffer, KernelExports>();

function compiledModule(): { api: WasmApi; module: object } | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const env = typeof process !== "undefined" ? process.env?.MEANFIELD_KERNELS : undefined;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (env === "js" || api === undefined) return compiled;
  try {
    const bytes = base64Bytes(KERNELS_WASM_BASE64);
    if (!api.validate(bytes)) return compiled; // no SIMD in this runtime
    compiled = { api, module: new api.Module(bytes) };
  } catch {
    compiled = null;
  }
  return compiled;
}

let compiledShared: object | null | undefined;

/**
 * The kernels on a shared WebAssembly memory (`pages` of 64 KiB, a new one unless `memory` is
 * given), for the threads of the parallel gradient (parallel-gradient.ts); null where WebAssembly
 * SIMD, threads or shared memory are unavailable, or the kernels are set to JavaScript (then the
 * JavaScript twins run on a SharedArrayBuffer).
 */
export function sharedKernels(
  pages: number,
  memory?: { buffer: ArrayBufferLike },
): { kernels: KernelExports; memory: { buffer: ArrayBufferLike } } | null {
  if (wasm === null) return null;
  const c = compiledModule();
  if (!c) return null;
  if (compiledShared === undefined) {
    compiledShared = null;
    try {
      const bytes = base64Bytes(KERNELS_SHARED_WASM_BASE64);
      if (c.api.validate(bytes)) compiledShared = new c.api.Module(bytes);
    } catch {
      compiledShared = null;
    }
  }
  if (!compiledShared) return null;
  try {
    const mem = memory ?? new c.api.Memory({ initial: pages, maximum: pages, shared: true });
    const kernels = new c.api.Instance(compiledShared, { env: { memory: mem } })
      .exports as unknown as KernelExports;
    return { kernels, memory: mem };
  } catch {
    return null;
  }
}

function loadWasm(): KernelExports | null {
  if (wasm !== undefined) return wasm;
  wasm = null;
  const c = compiledModule();
  if (!c) return wasm;
  try {
    wasm = new c.api.Instance(c.module, {}).exports as unknown as KernelExports;
  } catch {
    wasm = null;
  }
  return wasm;
}

/**
 * The WebAssembly kernels whose memory holds every one of `arrays` (the scratch memory or a
 * workspace's), or null: then the JavaScript twin runs.
 */
export function kernelsFor(...arrays: Float64Array[]): KernelExports | null {
  const main = wasm ?? loadWasm();
  if (!main) return null;
  const buf = arrays[0].buffer as ArrayBuffer;
  for (const a of arrays) if (a.buffer !== buf) return null;
  if (buf === main.memory.buffer) return main;
  return workspaces.get(buf) ?? null;
}

/**
 * Float64Arrays of the given lengths (zero-filled, 16-byte aligned) in a memory of their own with
 * its own instance of the WebAssembly kernels, for data that lives across many kernel calls (a
 * design matrix and its vectors). Unlike `kernelScratch` the views stay valid: the memory never
 * grows after creation. A plain ArrayBuffer where WebAssembly is unavailable. Limit: WebAssembly's
 * 32-bit memory, 4 GiB in all (about 5·10⁸ doubles); beyond it a RangeError names the size.
 */
export function createKernelWorkspace(lengths: readonly number[]): Float64Array[] {
  let total = 0;
  const padded = (n: number) => Math.ceil((8 * n) / 16) * 16;
  for (const n of lengths) total += padded(n);
  const c = wasm === null ? null : compiledModule();
  let buffer: ArrayBuffer;
  if (c) {
    const maxBytes = 65536 * 65536;
    if (total > maxBytes - 65536)
      throw new RangeError(
        `createKernelWorkspace: ${(total / 2 ** 30).toFixed(2)} GiB exceeds WebAssembly's 4 GiB memory (n·d must stay below about 5·10⁸)`,
      );
    const k = new c.api.Instance(c.module, {}).exports as unknown as KernelExports;
    const have = k.memory.buffer.byteLength;
    if (have < total) k.memory.grow(Math.ceil((total - have) / 65536));
    buffer = k.memory.buffer;
    workspaces.set(buffer, k);
  } else buffer = new ArrayBuffer(total);
  let offset = 0;
  return lengths.map((n) => {
    const v = new Float64Array(buffer, offset, n);
    offset += padded(n);
    return v;
  });
}

function base64Bytes(b64: string): Uint8Array {
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(b64, "base64"));
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Chooses the kernels' implementation for this thread: "js" forces JavaScript, "auto" (the
 * default) uses WebAssembly SIMD where the runtime has it. Views from an earlier `kernelScratch`
 * are invalid afterwards. Meant for tests and benchmarks: results are identical either way.
 */
export function setKernelBackend(backend: "auto" | "js"): void {
  wasm = backend === "js" ? null : undefined;
}

/** The WebAssembly kernels, or null where they are unavailable or disabled. */
export function wasmKernels(): KernelExports | null {
  return wasm ?? loadWasm();
}

/** Which implementation the kernels use on arrays from `kernelScratch`: "wasm-simd" or "js". */
export function kernelBackend(): "wasm-simd" | "js" {
  return loadWasm() ? "wasm-simd" : "js";
}

/** A bump allocator of Float64Array views (16-byte aligned) over the kernels' memory. */
export interface KernelScratch {
  /** A zero-filled Float64Array of length n. */
  f64(n: number): Float64Array;
  /** A copy of `src` in the scratch memory. */
  copy(src: Float64Array): Float64Array;
}

let fallbackBuffer: ArrayBuffer | undefined;

/**
 * Scratch memory for `doubles` Float64 values (plus alignment), in the WebAssembly kernels' memory
 * when available (a plain ArrayBuffer otherwise). The memory is shared by every caller in this
 * thread: views from an earlier `kernelScratch` call are invalid after the next one (the memory
 * may grow, which detaches them), so obtain the scratch once per computation and carve all its
 * arrays from it.
 */
export function kernelScratch(doubles: number): KernelScratch {
  const need = 8 * doubles + 4096;
  const w = loadWasm();
  let buffer: ArrayBuffer;
  if (w) {
    const have = w.memory.buffer.byteLength;
    if (have < need) w.memory.grow(Math.ceil((need - have) / 65536));
    buffer = w.memory.buffer;
  } else {
    if (!fallbackBuffer || fallbackBuffer.byteLength < need) fallbackBuffer = new ArrayBuffer(need);
    buffer = fallbackBuffer;
  }
  let offset = 0;
  const f64 = (n: number): Float64Array => {
    const bytes = 8 * n;
    if (offset + bytes > need) throw new RangeError(`kernelScratch: ${doubles} doubles exceeded`);
    const view = new Float64Array(buffer, offset, n);
    view.fill(0);
    offset += Math.ceil(bytes / 16) * 16;
    return view;
  };
  return {
    f64,
    copy(src: Float64Array): Float64Array {
      const v = f64(src.length);
      v.set(src);
      return v;
    },
  };
}

/**
 * acc[s] += Σ_{r < count} (scale·coef[c0 + r]) · X[x0 + r·stride + s] for 0 ≤ s < b, four rows a
 * pass (acc[s] + (((k0·x0 + k1·x1) + k2·x2) + k3·x3)), which halves the loads and stores of acc.
 */
export function accumulateRows(
  acc: Float64Array,
  b: number,
  coef: Float64Array,
  c0: number,
  scale: number,
  X: Float64Array,
  x0: number,
  stride: number,
  count: number,
): void {
  const w = wasm ?? loadWasm();
  if (w) {
    const buf = w.memory.buffer;
    if (acc.buffer === buf && coef.buffer === buf && X.buffer === buf) {
      w.accumulateRows(
        acc.byteOffset,
        b,
        coef.byteOffset + 8 * c0,
        scale,
        X.byteOffset + 8 * x0,
        stride,
        count,
      );
      return;
    }
  }
  accumulateRowsJs(acc, b, coef, c0, scale, X, x0, stride, count);
}

/** The JavaScript implementation of `accumulateRows` (any arrays). */
export function accumulateRowsJs(
  acc: Float64Array,
  b: number,
  coef: Float64Array,
  c0: number,
  scale: number,
  X: Float64Array,
  x0: number,
  stride: number,
  count: number,
): void {
  let r = 0;
  for (; r + 3 < count; r += 4) {
    const k0 = scale * coef[c0 + r];
    const k1 = scale * coef[c0 + r + 1];
    const k2 = scale * coef[c0 + r + 2];
    const k3 = scale * coef[c0 + r + 3];
    const o0 = x0 + r * stride;
    const o1 = o0 + stride;
    const o2 = o1 + stride;
    const o3 = o2 + stride;
    for (let s = 0; s < b; s++) acc[s] += k0 * X[o0 + s] + k1 * X[o1 + s] + k2 * X[o2 + s] + k3 * X[o3 + s];
  }
  for (; r < count; r++) {
    const k0 = scale * coef[c0 + r];
    const o0 = x0 + r * stride;
    for (let s = 0; s < b; s++) acc[s] += k0 * X[o0 + s];
  }
}

/**
 * Lower triangle of the Gram matrix of rows: G[k·ld + l] += Σ_s E[k·stride + s] E[l·stride + s]
 * for 0 ≤ l ≤ k < rows, four columns l a pass, each sum split over two lanes (even and odd s) and
 * added at the end (the order of the WebAssembly SIMD twin, which runs when G and E live in
 * `kernelScratch` memory).
 */
export function accumulateGramLower(
  G: Float64Array,
  ld: number,
  E: Float64Array,
  stride: number,
  rows: number,
  b: number,
): void {
  const w = wasm ?? loadWasm();
  if (w) {
    const buf = w.memory.buffer;
    if (G.buffer === buf && E.buffer === buf) {
      w.accumulateGramLower(G.byteOffset, ld, E.byteOffset, stride, rows, b);
      return;
    }
  }
  accumulateGramLowerJs(G, ld, E, stride, rows, b);
}

/** The JavaScript implementation of `accumulateGramLower` (any arrays). */
export function accumulateGramLowerJs(
  G: Float64Array,
  ld: number,
  E: Float64Array,
  stride: number,
  rows: number,
  b: number,
): void {
  for (let k = 0; k < rows; k++) {
    const ek = k * stride;
    const gk = k * ld;
    let l = 0;
    for (; l + 3 <= k; l += 4) {
      const e0 = l * stride;
      const e1 = e0 + stride;
      const e2 = e1 + stride;
      const e3 = e2 + stride;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let s = 0;
      for (; s + 1 < b; s += 2) {
        const x = E[ek + s];
        const y = E[ek + s + 1];
        a0 += x * E[e0 + s];
        c0 += y * E[e0 + s + 1];
        a1 += x * E[e1 + s];
        c1 += y * E[e1 + s + 1];
        a2 += x * E[e2 + s];
        c2 += y * E[e2 + s + 1];
        a3 += x * E[e3 + s];
        c3 += y * E[e3 + s + 1];
      }
      if (s < b) {
        const x = E[ek + s];
        a0 += x * E[e0 + s];
        a1 += x * E[e1 + s];
        a2 += x * E[e2 + s];
        a3 += x * E[e3 + s];
      }
      G[gk + l] += a0 + c0;
      G[gk + l + 1] += a1 + c1;
      G[gk + l + 2] += a2 + c2;
      G[gk + l + 3] += a3 + c3;
    }
    for (; l <= k; l++) {
      const e0 = l * stride;
      let a0 = 0;
      let c0 = 0;
      let s = 0;
      for (; s + 1 < b; s += 2) {
        a0 += E[ek + s] * E[e0 + s];
        c0 += E[ek + s + 1] * E[e0 + s + 1];
      }
      if (s < b) a0 += E[ek + s] * E[e0 + s];
      G[gk + l] += a0 + c0;
    }
  }
}
