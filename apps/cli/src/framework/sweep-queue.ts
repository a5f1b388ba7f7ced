import { connect } from "node:net";
import { hostname } from "node:os";
import { shown, UsageError } from "./errors.js";

/**
 * Sweeps over several machines: the points go to a BullMQ queue on Redis (`meanfield sweep SPEC
 * --queue redis://HOST:PORT`), any number of `meanfield worker --queue …` processes compute them,
 * and the sweep process collects each result into its SQLite store (sweep-store.ts), where a point
 * lands exactly once. A job's id is the point's key, so a point is never queued twice; a worker
 * killed mid-point leaves its job locked until the lock expires, and BullMQ's stalled-job check
 * hands it to another worker.
 */

export const QUEUE_NAME = "meanfield-sweep";

export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  maxRetriesPerRequest: null;
}

/** redis://HOST:PORT[/DB] (also rediss:// is refused: no TLS options here) → BullMQ's connection. */
export function parseQueueUrl(url: string, flag = "--queue"): QueueConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`${flag} must be a URL redis://HOST:PORT[/DB]; got ${shown(url)}`);
  }
  if (u.protocol !== "redis:")
    throw new UsageError(`${flag} must be a URL redis://HOST:PORT[/DB]; got ${shown(url)}`);
  const port = u.port === "" ? 6379 : Number(u.port);
  const db = u.pathname === "" || u.pathname === "/" ? 0 : Number(u.pathname.slice(1));
  if (!Number.isInteger(db) || db < 0 || db > 15)
    throw new UsageError(
      `${flag}: the database number must be an integer in [0, 15]; got ${shown(u.pathname.slice(1))}`,
    );
  if (u.hostname === "") throw new UsageError(`${flag}: no host in ${shown(url)}`);
  return { host: u.hostname.replace(/^\[|\]$/g, ""), port, db, maxRetriesPerRequest: null };
}

/** What a job carries: the command, its full params and the versions the sweep keyed it with. */
export interface PointJob {
  command: string;
  params: Record<string, unknown>;
  key: string;
  index: number;
  versions: Record<string, string>;
}

/** What a worker returns for a job. */
export interface PointJobResult {
  result: unknown;
  seconds: number;
  worker: string;
}

export function workerId(): string {
  return `${hostname()}:${process.pid}`;
}

/** A connection error of ioredis, in words (naming the flag), or undefined for other errors. */
export function connectionProblem(e: unknown, url: string): string | undefined {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "EHOSTUNREACH")
    return `cannot reach Redis at --queue ${url} (${code}); start it (e.g. redis-server --port PORT) or fix the URL`;
  return undefined;
}

const timeoutError = () => Object.assign(new Error("timeout"), { code: "ETIMEDOUT" });

/**
 * Waits until the queue answers (10 s at most) or throws a UsageError naming --queue; the timer is
 * cleared either way, so that it never holds the process open.
 */
async function checkQueueReachable(
  queue: { getJobCounts(...types: string[]): Promise<unknown> },
  url: string,
  command: string,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      queue.getJobCounts("wait"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(timeoutError()), 10_000);
      }),
    ]);
  } catch (e) {
    throw new UsageError(
      connectionProblem(e, url) ?? `cannot use the queue --queue ${url}: ${(e as Error).message}`,
      command,
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A TCP connection to the queue's Redis within 3 s, or a UsageError naming --queue at once (run from
 * the commands' checks, before any work: ioredis itself would retry for ever).
 */
export function probeRedis(url: string, command: string): Promise<void> {
  const { host, port } = parseQueueUrl(url);
  return new Promise((resolveProbe, reject) => {
    const socket = connect({ host, port });
    const fail = (e: unknown) => {
      socket.destroy();
      reject(
        new UsageError(
          connectionProblem(e, url) ?? `cannot reach Redis at --queue ${url}: ${(e as Error).message}`,
          command,
        ),
      );
    };
    socket.setTimeout(3000, () => fail(timeoutError()));
    socket.once("error", fail);
    socket.once("connect", () => {
      socket.end();
      resolveProbe();
    });
  });
}

/**
 * BullMQ and the sweep queue at `url`, once it answers (else a UsageError naming --queue, the queue
 * closed): what `sweep --queue` and `worker` both start from.
 */
export async function openQueue(
  url: string,
  command: string,
): Promise<{ bullmq: typeof import("bullmq"); queue: import("bullmq").Queue<PointJob, PointJobResult> }> {
  const bullmq = await import("bullmq");
  const queue = new bullmq.Queue<PointJob, PointJobResult>(QUEUE_NAME, { connection: parseQueueUrl(url) });
  queue.on("error", () => {
    // reported through the failing calls
  });
  try {
    await checkQueueReachable(queue, url, command);
  } catch (e) {
    await queue.close();
    throw e;
  }
  return { bullmq, queue };
}
