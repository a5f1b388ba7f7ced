import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, spawnCli, tempDir } from "./helpers.js";

// `meanfield sweep --queue` and `meanfield worker` on a real Redis (Debian's redis-server, started
// here on 127.0.0.1 at a free port; .ci/run installs it when missing): the points computed by
// workers are the numbers of a local sweep, and a worker killed mid-point has its point computed
// by another worker, landing in the store once.

const require = createRequire(import.meta.url);
const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
if (!hasRedis)
  console.warn("WARNING: redis-server is not installed: the queue tests are skipped (.ci/run installs it)");

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePort(port));
    });
  });
}

let redis: ChildProcess | undefined;
let url = "";

beforeAll(async () => {
  if (!hasRedis) return;
  const port = await freePort();
  const dir = tempDir("meanfield-redis-");
  redis = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    {
      stdio: "ignore",
    },
  );
  url = `redis://127.0.0.1:${port}`;
  const Redis = require("ioredis");
  const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, retryStrategy: () => 100 });
  for (let i = 0; i < 50; i++) {
    try {
      await client.connect();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await client.quit();
});

afterAll(() => {
  redis?.kill("SIGKILL");
});

function specFile(dir: string, body: unknown): string {
  const file = join(dir, "s.json");
  writeFileSync(file, JSON.stringify(body));
  return file;
}

function storeRows(out: string): { key: string; status: string; worker: string; attempts: number }[] {
  const Database = require("better-sqlite3");
  const db = new Database(join(out, "sweep.sqlite"), { readonly: true });
  try {
    return db.prepare("SELECT key, status, worker, attempts FROM points").all();
  } finally {
    db.close();
  }
}

function startWorker(extra: string[] = []) {
  return spawnCli(["worker", "--queue", url, "--concurrency", "1", "--idle-exit", "3", ...extra]);
}

describe.skipIf(!hasRedis)("meanfield sweep --queue with meanfield worker (Redis on 127.0.0.1)", () => {
  it("two workers compute the points; the store holds the numbers a local sweep gives", async () => {
    const dir = tempDir();
    const file = specFile(dir, {
      command: "dln simulate",
      seed: 4,
      fixed: { n: 30, d: 60, tMax: 3, seeds: 2, points: 5 },
      axes: { alpha: [0.1, 1], rho: [0.1, 0.2, 0.3] },
    });
    const a = startWorker();
    const b = startWorker();
    const queued = cli(["sweep", file, "--out", join(dir, "q"), "--queue", url, "--json", "--quiet"], {
      timeoutMs: 120_000,
    });
    const [ra, rb] = await Promise.all([a.result, b.result]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(JSON.parse(queued.stdout).counts).toMatchObject({ points: 6, done: 6, failed: 0 });
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const local = cli(["sweep", file, "--out", join(dir, "l"), "--json", "--quiet"], { timeoutMs: 120_000 });
    expect(local.code, local.stderr).toBe(0);
    const q = JSON.parse(readFileSync(join(dir, "q", "results.json"), "utf8")).points;
    const l = JSON.parse(readFileSync(join(dir, "l", "results.json"), "utf8")).points;
    expect(q.map((p: { key: string }) => p.key)).toEqual(l.map((p: { key: string }) => p.key));
    for (let i = 0; i < 6; i++) expect(q[i].result.genError).toEqual(l[i].result.genError);
    // both workers took part (6 points of ~0.4 s each, one at a time per worker)
    const workers = new Set(storeRows(join(dir, "q")).map((r) => r.worker));
    expect(workers.size).toBe(2);
  }, 180_000);

  it("three workers, one killed mid-point (SIGKILL): every point lands once, with the numbers of a local run", async () => {
    const dir = tempDir();
    const out = join(dir, "q");
    const file = specFile(dir, {
      command: "dln simulate",
      seed: 3,
      fixed: { n: 200, d: 400, tMax: 30, seeds: 2, points: 8 },
      axes: { alpha: [0.05, 0.2, 0.5, 1] },
    });
    const Redis = require("ioredis");
    const client = new Redis(url);
    try {
      // worker A alone takes the first point and is killed while computing it
      const a = startWorker(["--lock-seconds", "2"]);
      const sweepRun = spawnCli(["sweep", file, "--out", out, "--queue", url, "--json", "--quiet"]);
      const deadline = Date.now() + 60_000;
      while ((await client.llen("bull:meanfield-sweep:active")) < 1) {
        if (Date.now() > deadline) throw new Error("worker A never took a point");
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 200));
      a.child.kill("SIGKILL");
      await a.result;
      const b = startWorker(["--lock-seconds", "2"]);
      const c = startWorker(["--lock-seconds", "2"]);
      const [rs, rb, rc] = await Promise.all([sweepRun.result, b.result, c.result]);
      expect(rs.code, rs.stderr).toBe(0);
      expect(JSON.parse(rs.stdout).counts).toMatchObject({ points: 4, done: 4, failed: 0 });
      expect(rb.code, rb.stderr).toBe(0);
      expect(rc.code, rc.stderr).toBe(0);
      // B and C computed the four points between them (A's one included); each landed once
      const rows = storeRows(out);
      expect(rows).toHaveLength(4);
      expect(rows.every((r) => r.status === "done")).toBe(true);
      const done = [rb.stdout, rc.stdout].map((o) => Number(/: (\d+) points computed/.exec(o)?.[1]));
      expect(done[0] + done[1]).toBe(4);
      // the numbers are those of a local run of the same sweep
      const local = cli(["sweep", file, "--out", join(dir, "l"), "--quiet"], { timeoutMs: 120_000 });
      expect(local.code, local.stderr).toBe(0);
      const q = JSON.parse(readFileSync(join(out, "results.json"), "utf8")).points;
      const l = JSON.parse(readFileSync(join(dir, "l", "results.json"), "utf8")).points;
      for (let i = 0; i < 4; i++) expect(q[i].result.genError).toEqual(l[i].result.genError);
    } finally {
      await client.quit();
    }
  }, 240_000);

  it("reports an unreachable Redis at once, naming --queue (exit 2)", async () => {
    const port = await freePort();
    const dir = tempDir();
    const file = specFile(dir, { command: "dln simulate", axes: { alpha: [1] } });
    const r = cli(["sweep", file, "--out", join(dir, "o"), "--queue", `redis://127.0.0.1:${port}`], {
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach Redis at --queue redis:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    const w = cli(["worker", "--queue", `redis://127.0.0.1:${port}`], { timeoutMs: 20_000 });
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/--queue/);
  });
});
