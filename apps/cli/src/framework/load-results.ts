import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { sweepJson } from "./sweep-export.js";
import { STORE_FILE, SweepStore } from "./sweep-store.js";

/**
 * Reading results back, for `meanfield plot` and for users who post-process in TypeScript
 * (`import { loadSweep, loadResult } from "@meanfield/cli/results"`): typed, validated objects from
 * a sweep's store or results.json, and from any command's result.json.
 */

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);

const pointSchema = z.object({
  index: z.number().int().min(0),
  key: z.string(),
  status: z.enum(["pending", "running", "done", "failed"]),
  axes: z.record(z.string(), cell),
  params: z.record(z.string(), z.unknown()),
  seed: z.number(),
  attempts: z.number().int().min(0),
  seconds: z.number().nullable(),
  worker: z.string().nullable(),
  error: z.string().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
});

const sweepSchema = z.object({
  sweep: z.string(),
  command: z.string(),
  seed: z.number(),
  spec: z.unknown(),
  versions: z.record(z.string(), z.string()),
  counts: z.object({
    points: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    pending: z.number().int(),
  }),
  points: z.array(pointSchema),
});

export type SweepPointResult = z.infer<typeof pointSchema>;
/** A sweep as results.json holds it: its id, command, seed, spec, counts and every point. */
export type SweepResult = z.infer<typeof sweepSchema>;

const resultSchema = z
  .object({
    command: z.string(),
    params: z.record(z.string(), z.unknown()),
    seed: z.number(),
    versions: z.record(z.string(), z.string()),
    timings: z.record(z.string(), z.number()).optional(),
  })
  .passthrough();

/** A command's result.json: command, params, seed, versions, timings and the command's own fields. */
export type CommandResult = z.infer<typeof resultSchema> & Record<string, unknown>;

/** Thrown for a file that is not what the loader expects; `path` names it. */
export class ResultFileError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "ResultFileError";
  }
}

function issues(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`)
    .join("; ");
}

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ResultFileError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      path,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ResultFileError(`${path} is not valid JSON: ${(e as Error).message}`, path);
  }
}

/**
 * A sweep from its --out directory or store (sweep.sqlite: the newest sweep in it unless `sweepId`
 * is given), or from its results.json.
 */
export function loadSweep(path: string, options: { sweepId?: string } = {}): SweepResult {
  let file = path;
  if (isDirectory(path)) {
    file = join(path, STORE_FILE);
    if (!existsSync(file)) {
      const json = join(path, "results.json");
      if (existsSync(json)) file = json;
      else throw new ResultFileError(`${path} holds neither ${STORE_FILE} nor results.json of a sweep`, path);
    }
  }
  let data: unknown;
  if (file.endsWith(".json")) data = readJson(file);
  else {
    if (!existsSync(file)) throw new ResultFileError(`no such file: ${file}`, file);
    const store = new SweepStore(file, { readonly: true });
    try {
      const sweeps = store.sweeps();
      if (sweeps.length === 0) throw new ResultFileError(`${file} holds no sweep`, file);
      const s = options.sweepId
        ? sweeps.find((x) => x.id.startsWith(options.sweepId as string))
        : sweeps.at(-1);
      if (!s)
        throw new ResultFileError(
          `${file} holds no sweep ${options.sweepId} (it holds ${sweeps.map((x) => x.id).join(", ")})`,
          file,
        );
      data = sweepJson(s, store.rows(s.id), s.versions);
    } finally {
      store.close();
    }
  }
  return parseSweep(data, file);
}

function parseSweep(data: unknown, file: string): SweepResult {
  const r = sweepSchema.safeParse(data);
  if (!r.success) throw new ResultFileError(`${file} is not a sweep's results: ${issues(r.error)}`, file);
  return r.data;
}

function parseResult(data: unknown, file: string): CommandResult {
  const r = resultSchema.safeParse(data);
  if (!r.success) throw new ResultFileError(`${file} is not a meanfield result: ${issues(r.error)}`, file);
  return r.data as CommandResult;
}

/** A command's result.json (from --out, or saved from --json). */
export function loadResult(path: string): CommandResult {
  const file = isDirectory(path) ? join(path, "result.json") : path;
  return parseResult(readJson(file), file);
}

/**
 * Whatever SOURCE holds, read once: a sweep (its --out directory, store or results.json) or a
 * command's result (a result.json, or a directory holding one).
 */
export function loadSource(
  path: string,
  options: { sweepId?: string } = {},
): { kind: "sweep"; sweep: SweepResult } | { kind: "result"; result: CommandResult } {
  const dir = isDirectory(path);
  if (
    (dir && (existsSync(join(path, STORE_FILE)) || existsSync(join(path, "results.json")))) ||
    path.endsWith(".sqlite")
  )
    return { kind: "sweep", sweep: loadSweep(path, options) };
  const file = dir ? join(path, "result.json") : path;
  const data = readJson(file);
  const d = data as { points?: unknown; sweep?: unknown } | null;
  if (Array.isArray(d?.points) && typeof d?.sweep === "string")
    return { kind: "sweep", sweep: parseSweep(data, file) };
  return { kind: "result", result: parseResult(data, file) };
}
