import { createRequire } from "node:module";
import { UsageError } from "./errors.js";
import { workerId } from "./sweep-queue.js";

/**
 * The sweep store: one SQLite database (better-sqlite3, WAL journal, synchronous FULL) under
 * --out. Every finished point is committed in its own transaction the moment it finishes, so
 * Ctrl-C, a crash or a killed machine lose only the points that were running; those are left
 * 'running' and a re-run computes them again. A point is keyed by the hash of its command, params
 * and package versions (sweep-spec.ts), and a 'done' point is never overwritten: each point lands in
 * the store exactly once.
 */

export type PointStatus = "pending" | "running" | "done" | "failed";

export interface StoredPoint {
  key: string;
  command: string;
  params: Record<string, unknown>;
  seed: number;
  status: PointStatus;
  result?: unknown;
  error?: string;
  attempts: number;
  seconds?: number;
  worker?: string;
  finishedAt?: string;
}

export interface SweepRow extends StoredPoint {
  index: number;
  axes: Record<string, unknown>;
}

/** The name of the store file inside --out. */
export const STORE_FILE = "sweep.sqlite";

interface Statement {
  run(...args: unknown[]): { changes: number };
  get(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(s: string): unknown;
  transaction<T extends (...a: never[]) => unknown>(f: T): T;
  close(): void;
}

function openDatabase(file: string, readonly: boolean): Database {
  const require = createRequire(import.meta.url);
  let Driver: new (f: string, o?: { readonly?: boolean; fileMustExist?: boolean }) => Database;
  try {
    Driver = require("better-sqlite3");
  } catch (e) {
    throw new UsageError(
      `the sweep store needs the SQLite driver better-sqlite3, which did not install here (${(e as Error).message.split("\n")[0]}); ` +
        "reinstall with the Node headers available (e.g. npm_config_nodedir=/usr pnpm install, on Debian with nodejs headers)",
      "sweep",
    );
  }
  try {
    return readonly ? new Driver(file, { readonly: true, fileMustExist: true }) : new Driver(file);
  } catch (e) {
    throw new UsageError(`cannot open the sweep store ${file}: ${(e as Error).message}`, "sweep");
  }
}

export class SweepStore {
  private readonly db: Database;
  readonly worker = workerId();

  constructor(
    readonly file: string,
    options: { readonly?: boolean } = {},
  ) {
    this.db = openDatabase(file, options.readonly === true);
    if (options.readonly) return;
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 10000");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS points (
        key TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        params TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
        result TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        seconds REAL,
        worker TEXT,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE TABLE IF NOT EXISTS sweeps (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        spec TEXT NOT NULL,
        seed INTEGER NOT NULL,
        versions TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS sweep_points (
        sweep TEXT NOT NULL,
        idx INTEGER NOT NULL,
        key TEXT NOT NULL,
        axes TEXT NOT NULL,
        PRIMARY KEY (sweep, idx)
      );
    `);
  }

  /** Registers a sweep and its points (pending unless already stored); idempotent. */
  register(
    id: string,
    command: string,
    spec: unknown,
    seed: number,
    points: {
      index: number;
      key: string;
      params: Record<string, unknown>;
      seed: number;
      axes: Record<string, unknown>;
    }[],
    versions: Record<string, string>,
  ): void {
    const now = new Date().toISOString();
    const addSweep = this.db.prepare(
      "INSERT OR IGNORE INTO sweeps (id, command, spec, seed, versions, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const addPoint = this.db.prepare(
      "INSERT OR IGNORE INTO points (key, command, params, seed, status) VALUES (?, ?, ?, ?, 'pending')",
    );
    const link = this.db.prepare(
      "INSERT OR REPLACE INTO sweep_points (sweep, idx, key, axes) VALUES (?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      addSweep.run(id, command, JSON.stringify(spec), seed, JSON.stringify(versions), now);
      for (const p of points) {
        addPoint.run(p.key, command, JSON.stringify(p.params), p.seed);
        link.run(id, p.index, p.key, JSON.stringify(p.axes));
      }
    })();
  }

  status(key: string): PointStatus | undefined {
    const row = this.db.prepare("SELECT status FROM points WHERE key = ?").get(key) as
      | { status: PointStatus }
      | undefined;
    return row?.status;
  }

  /** Marks a point running (not if it is done); returns false when it was done meanwhile. */
  start(key: string): boolean {
    const r = this.db
      .prepare(
        "UPDATE points SET status = 'running', attempts = attempts + 1, worker = ?, started_at = ? WHERE key = ? AND status != 'done'",
      )
      .run(this.worker, new Date().toISOString(), key);
    return r.changes === 1;
  }

  /** Commits a finished point (once: a done point is never overwritten). Returns false if it was already done. */
  finish(key: string, result: unknown, seconds: number, worker = this.worker): boolean {
    const r = this.db
      .prepare(
        "UPDATE points SET status = 'done', result = ?, error = NULL, seconds = ?, worker = ?, finished_at = ? WHERE key = ? AND status != 'done'",
      )
      .run(JSON.stringify(result), Math.round(seconds * 1000) / 1000, worker, new Date().toISOString(), key);
    return r.changes === 1;
  }

  fail(key: string, message: string, seconds: number, worker = this.worker): void {
    this.db
      .prepare(
        "UPDATE points SET status = 'failed', error = ?, seconds = ?, worker = ?, finished_at = ? WHERE key = ? AND status != 'done'",
      )
      .run(message, Math.round(seconds * 1000) / 1000, worker, new Date().toISOString(), key);
  }

  /** The points of one sweep, in order, with their stored state. */
  rows(sweepId: string): SweepRow[] {
    const rows = this.db
      .prepare(
        `SELECT sp.idx AS idx, sp.axes AS axes, p.* FROM sweep_points sp JOIN points p ON p.key = sp.key
         WHERE sp.sweep = ? ORDER BY sp.idx`,
      )
      .all(sweepId) as Record<string, unknown>[];
    return rows.map((r) => ({
      index: r.idx as number,
      axes: JSON.parse(r.axes as string),
      key: r.key as string,
      command: r.command as string,
      params: JSON.parse(r.params as string),
      seed: r.seed as number,
      status: r.status as PointStatus,
      ...(r.result != null ? { result: JSON.parse(r.result as string) } : {}),
      ...(r.error != null ? { error: r.error as string } : {}),
      attempts: r.attempts as number,
      ...(r.seconds != null ? { seconds: r.seconds as number } : {}),
      ...(r.worker != null ? { worker: r.worker as string } : {}),
      ...(r.finished_at != null ? { finishedAt: r.finished_at as string } : {}),
    }));
  }

  /** Every sweep in the store: id, command, spec, seed. */
  sweeps(): {
    id: string;
    command: string;
    spec: unknown;
    seed: number;
    versions: Record<string, string>;
    createdAt: string;
  }[] {
    return (
      this.db.prepare("SELECT * FROM sweeps ORDER BY created_at").all() as Record<string, unknown>[]
    ).map((r) => ({
      id: r.id as string,
      command: r.command as string,
      spec: JSON.parse(r.spec as string),
      seed: r.seed as number,
      versions: JSON.parse(r.versions as string),
      createdAt: r.created_at as string,
    }));
  }

  close(): void {
    this.db.close();
  }
}
