import { Worker } from "node:worker_threads";
import { invalidArgument } from "../validate.js";
import { locateWorkerFile } from "../worker-file.js";
import {
  PACKED_BLOCK_COLUMNS,
  packedLength,
  packedRow,
  packedRowLength,
  packRowGroups,
  residualGradientPackedJs,
} from "./packed-design.js";
import { type KernelExports, sharedKernels } from "./row-kernels.js";

/**
 * The residual and gradient of ½‖y − Xw‖² (r = y − Xw, g = Xᵀr) over fixed row blocks, on one or
 * more threads: the design lives once in shared memory (a shared WebAssembly memory, or a
 * SharedArrayBuffer for the JavaScript kernels), each block's rows packed in groups of four, the
 * groups in pairs stored in column blocks (packed-design.ts: one contiguous stream per pair of
 * groups, read from memory once per evaluation). The threads claim blocks from a shared counter and
 * run the fused one-pass kernel on each into the block's own partial gradient; the calling thread
 * adds the partials in block order. The blocks depend only on n, never on the thread count or on
 * which thread ran them, so every thread count gives bit-identical results (tested). Worker threads
 * are persistent and synchronised with Atomics (no copy of X per call, no message per call); the
 * calling thread works too. Theory: theory/dln.md, "Gradient flow".
 */
export interface ParallelGradient {
  readonly n: number;
  readonly d: number;
  /** Threads computing (the caller's included). */
  readonly threads: number;
  /** Row blocks (fixed by n). */
  readonly blocks: number;
  /**
   * Copies the design (row-major n × d, e.g. a DenseMatrix's `data`) into the shared memory, packed
   * for the kernel; call it once before `evaluate` (and again to change the design).
   */
  setDesign(X: Float64Array): void;
  /** Row i of the design as stored (into `out` when given). */
  designRow(i: number, out?: Float64Array): Float64Array;
  readonly y: Float64Array;
  /** The point of the next evaluation. */
  readonly w: Float64Array;
  /** The last evaluation's residual y − Xw. */
  readonly r: Float64Array;
  /** The last evaluation's gradient Xᵀr (of −½‖y − Xw‖²'s negative: the descent direction). */
  readonly g: Float64Array;
  /** Which kernels run: "wasm-simd" or "js". */
  readonly backend: "wasm-simd" | "js";
  /** r = y − Xw and g = Xᵀ r for the current w. */
  evaluate(): void;
  /** Ends the worker threads (idempotent; the views stay readable). */
  close(): void;
}

export interface ParallelGradientOptions {
  /** Threads, the caller's included (default 1: no worker). */
  threads?: number;
}

/**
 * At most this many row blocks (divisible by 1, 2, 3, 4, 6: balanced for those thread counts). Each
 * block costs a partial gradient of d doubles, written by one thread and added by the caller:
 * measured at d = 4000, n = 2000 on two threads (median of 6), 12 blocks ran 1.03× and 8 blocks
 * 1.05× the rate of 24 (packages/dln/bench).
 */
export const GRADIENT_BLOCKS = 12;

/** Blocks start at multiples of this many rows (a pair of the kernel's row groups), the last ends at n. */
export const GRADIENT_BLOCK_ROWS = 8;

/** Row blocks for n rows: at least GRADIENT_BLOCK_ROWS rows each, at most GRADIENT_BLOCKS. */
export function gradientBlocks(n: number): number {
  return Math.max(1, Math.min(GRADIENT_BLOCKS, Math.floor(n / GRADIENT_BLOCK_ROWS)));
}

interface Layout {
  n: number;
  d: number;
  /** The padded row length (packed-design.ts). */
  dp: number;
  blocks: number;
  /** Byte offsets. */
  X: number;
  y: number;
  w: number;
  r: number;
  g: number;
  partials: number;
  bytes: number;
}

function layoutOf(n: number, d: number): Layout {
  const blocks = gradientBlocks(n);
  const dp = packedRowLength(d);
  const padded = (k: number) => Math.ceil((8 * k) / 16) * 16;
  let at = 0;
  const take = (k: number) => {
    const o = at;
    at += padded(k);
    return o;
  };
  const X = take(packedLength(n, d));
  const y = take(n);
  const w = take(dp);
  const r = take(n);
  const g = take(dp);
  const partials = take(blocks * dp);
  return { n, d, dp, blocks, X, y, w, r, g, partials, bytes: at };
}

/**
 * Rows [start, end) of block b: the boundaries rounded to multiples of GRADIENT_BLOCK_ROWS, so no
 * block but the last has rows outside the kernel's pairs of row groups (measured at d = 4000,
 * n = 2000, two threads: 1.04× the rate of unaligned blocks, which left up to 3 rows a block to the
 * row-major path that streams all of w). With at most n / 8 blocks the boundaries strictly increase.
 */
function blockRows(n: number, blocks: number, b: number): [number, number] {
  const R = GRADIENT_BLOCK_ROWS;
  const at = (c: number) => (c >= blocks ? n : R * Math.round((c * n) / (R * blocks)));
  return [at(b), at(b + 1)];
}

/**
 * Runs blocks into their partial gradients, each claimed from the shared counter `control[NEXT]`
 * (so a thread that wakes late takes fewer blocks; which thread runs a block does not change its
 * partial, so the bits do not depend on it). Shared by the caller and the workers
 * (parallel-gradient-worker.ts).
 */
export function runGradientBlocks(
  L: Layout,
  buffer: ArrayBufferLike,
  kernels: KernelExports | null,
  control: Int32Array,
): void {
  const { n, d, dp, blocks } = L;
  for (let b = Atomics.add(control, NEXT, 1); b < blocks; b = Atomics.add(control, NEXT, 1)) {
    const [s, e] = blockRows(n, blocks, b);
    const part = L.partials + 8 * b * dp;
    // each block is packed on its own (setDesign), from its first row
    if (kernels)
      kernels.residualGradientPacked(
        L.X + 8 * s * dp,
        e - s,
        dp,
        L.w,
        L.y + 8 * s,
        L.r + 8 * s,
        part,
        PACKED_BLOCK_COLUMNS,
      );
    else
      residualGradientPackedJs(
        new Float64Array(buffer, L.X + 8 * s * dp, (e - s) * dp),
        e - s,
        d,
        new Float64Array(buffer, L.w, dp),
        new Float64Array(buffer, L.y + 8 * s, e - s),
        new Float64Array(buffer, L.r + 8 * s, e - s),
        new Float64Array(buffer, part, dp),
      );
  }
}

/** dst[j] = ((src₀[j] + src₁[j]) + src₂[j]) + … over `rows` rows of stride `stride`, j < count. */
export function sumRowsJs(
  dst: Float64Array,
  src: Float64Array,
  rows: number,
  stride: number,
  count: number,
): void {
  for (let j = 0; j < count; j++) dst[j] = src[j];
  for (let b = 1; b < rows; b++) {
    const o = b * stride;
    for (let j = 0; j < count; j++) dst[j] += src[o + j];
  }
}

/** Control words (Int32, shared): generation, command, finished workers, next unclaimed block. */
const GEN = 0;
const CMD = 1;
const DONE = 2;
/** On a cache line of its own (the threads add to it while the others read the words above). */
const NEXT = 16;
const CMD_RUN = 1;
const CMD_EXIT = 2;

export interface GradientWorkerData {
  layout: Layout;
  memory?: { buffer: ArrayBufferLike };
  buffer?: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

/**
 * A ParallelGradient for an n × d design on `threads` threads. Throws a RangeError naming the
 * size when the design does not fit WebAssembly's 32-bit memory (4 GiB: n·d below about 5·10⁸),
 * and INVALID_ARGUMENT for bad sizes or thread counts.
 */
export function createParallelGradient(
  n: number,
  d: number,
  options: ParallelGradientOptions = {},
): ParallelGradient {
  if (!Number.isInteger(n) || n < 1) throw invalidArgument("n", "an integer ≥ 1", n);
  if (!Number.isInteger(d) || d < 1) throw invalidArgument("d", "an integer ≥ 1", d);
  const requested = options.threads ?? 1;
  if (!Number.isInteger(requested) || requested < 1 || requested > 64)
    throw invalidArgument("threads", "an integer in [1, 64]", requested);
  const L = layoutOf(n, d);
  const threads = Math.min(requested, L.blocks);
  const maxBytes = 65536 * 65536;
  if (L.bytes > maxBytes - 65536)
    throw new RangeError(
      `createParallelGradient: n·d = ${n * d} needs ${(L.bytes / 2 ** 30).toFixed(2)} GiB, beyond WebAssembly's 4 GiB memory (n·d must stay below about 5·10⁸)`,
    );
  const shared = sharedKernels(Math.ceil(L.bytes / 65536));
  let buffer: ArrayBufferLike;
  let kernels: KernelExports | null = null;
  let memory: { buffer: ArrayBufferLike } | undefined;
  if (shared) {
    memory = shared.memory;
    kernels = shared.kernels;
    buffer = shared.memory.buffer;
  } else buffer = threads > 1 ? new SharedArrayBuffer(L.bytes) : new ArrayBuffer(L.bytes);
  const view = (offset: number, length: number) => new Float64Array(buffer, offset, length);
  const Xp = view(L.X, packedLength(n, d));
  const y = view(L.y, n);
  const w = view(L.w, d);
  const r = view(L.r, n);
  const g = view(L.g, d);
  const partials = view(L.partials, L.blocks * L.dp);
  const control = new SharedArrayBuffer(4 * (NEXT + 1));
  const c = new Int32Array(control);
  const workers: Worker[] = [];
  if (threads > 1) {
    const file = locateWorkerFile(import.meta.url, [
      "./parallel-gradient-worker.js",
      "../../dist/parallel-gradient-worker.js",
    ]);
    if (!file)
      throw new Error("createParallelGradient: the worker file dist/parallel-gradient-worker.js is missing");
    for (let t = 1; t < threads; t++) {
      const data: GradientWorkerData = {
        layout: L,
        ...(memory ? { memory } : { buffer: buffer as SharedArrayBuffer }),
        control,
      };
      const worker = new Worker(file, { workerData: data });
      worker.unref();
      workers.push(worker);
    }
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (workers.length > 0) {
      Atomics.store(c, CMD, CMD_EXIT);
      Atomics.add(c, GEN, 1);
      Atomics.notify(c, GEN);
    }
  };
  const evaluate = () => {
    if (closed && workers.length > 0) throw new Error("ParallelGradient.evaluate after close()");
    Atomics.store(c, NEXT, 0);
    if (workers.length > 0) {
      Atomics.store(c, DONE, 0);
      Atomics.store(c, CMD, CMD_RUN);
      Atomics.add(c, GEN, 1);
      Atomics.notify(c, GEN);
    }
    runGradientBlocks(L, buffer, kernels, c);
    if (workers.length > 0) {
      for (let v = Atomics.load(c, DONE); v < workers.length; v = Atomics.load(c, DONE))
        Atomics.wait(c, DONE, v);
    }
    // the partials in block order
    if (kernels) kernels.sumRows(L.g, L.partials, L.blocks, L.dp, d);
    else sumRowsJs(g, partials, L.blocks, L.dp, d);
  };
  const setDesign = (X: Float64Array) => {
    if (!(X instanceof Float64Array) || X.length !== n * d)
      throw invalidArgument("X", `a Float64Array of n·d = ${n * d} entries (row-major)`, X?.length);
    for (let b = 0; b < L.blocks; b++) {
      const [s, e] = blockRows(n, L.blocks, b);
      packRowGroups(X, s * d, e - s, d, Xp, s * L.dp);
    }
  };
  const designRow = (i: number, out = new Float64Array(d)) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw invalidArgument("i", `an integer in [0, ${n})`, i);
    let b = Math.min(L.blocks - 1, Math.floor((i * L.blocks) / n));
    while (blockRows(n, L.blocks, b)[0] > i) b--;
    while (blockRows(n, L.blocks, b)[1] <= i) b++;
    const [s, e] = blockRows(n, L.blocks, b);
    return packedRow(Xp, s * L.dp, e - s, d, i - s, out);
  };
  return {
    n,
    d,
    threads,
    blocks: L.blocks,
    setDesign,
    designRow,
    y,
    w,
    r,
    g,
    backend: kernels ? "wasm-simd" : "js",
    evaluate,
    close,
  };
}

/** The worker loop (parallel-gradient-worker.ts): wait for a generation, run the blocks, report. */
export function gradientWorkerLoop(data: GradientWorkerData): void {
  const c = new Int32Array(data.control);
  let kernels: KernelExports | null = null;
  let buffer: ArrayBufferLike;
  if (data.memory) {
    const shared = sharedKernels(0, data.memory);
    if (!shared) throw new Error("parallel gradient worker: the shared WebAssembly kernels failed to load");
    kernels = shared.kernels;
    buffer = data.memory.buffer;
  } else buffer = data.buffer as SharedArrayBuffer;
  let gen = 0;
  for (;;) {
    // re-check after every wake-up: in a worker thread that itself owns a pool (seeds on
    // workers), Atomics.wait was seen to return with the generation unchanged, and running then
    // used the previous w (test "a pool owned by a worker thread")
    // (polling a while before sleeping was measured slower: 0.93×, at d = 4000 on two threads)
    while (Atomics.load(c, GEN) === gen) Atomics.wait(c, GEN, gen);
    gen = Atomics.load(c, GEN);
    if (Atomics.load(c, CMD) === CMD_EXIT) return;
    runGradientBlocks(data.layout, buffer, kernels, c);
    Atomics.add(c, DONE, 1);
    Atomics.notify(c, DONE);
  }
}
