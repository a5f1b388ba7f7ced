/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal, and plain lines at most every
 * few seconds when it is not (a pipe, a log file, CI), so that a long run is never silent. The worker
 * thread that computes reports through `Progress`; the main thread draws. --quiet turns both off.
 */
export interface ProgressEvent {
  label: string;
  done: number;
  total: number;
  detail?: string;
}

export interface Progress {
  /** Reports `done` of `total` steps of the task `label`, with an optional detail ("residual 1e-4"). */
  update(label: string, done: number, total: number, detail?: string): void;
}

export const silentProgress: Progress = { update() {} };

/** Draws a one-line bar with \r, at most ~10 times a second. */
export class ProgressBar {
  private last = 0;
  private drawn = false;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  draw(e: ProgressEvent): void {
    const now = Date.now();
    if (now - this.last < 100 && e.done < e.total) return;
    this.last = now;
    const cols = Math.max(40, this.stream.columns ?? 80);
    const frac = e.total > 0 ? Math.min(1, Math.max(0, e.done / e.total)) : 0;
    const barWidth = 24;
    const filled = Math.round(frac * barWidth);
    const bar = `${"█".repeat(filled)}${"░".repeat(barWidth - filled)}`;
    let line = `${e.label} ${bar} ${Math.round(frac * 100)
      .toString()
      .padStart(3)}% ${e.done}/${e.total}${e.detail ? ` ${e.detail}` : ""}`;
    if (line.length > cols - 1) line = line.slice(0, cols - 1);
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write("\r\x1b[2K");
    this.drawn = false;
  }
}

function percent(e: ProgressEvent): string {
  const frac = e.total > 0 ? Math.min(1, Math.max(0, e.done / e.total)) : 0;
  return `${e.label} ${e.done}/${e.total} (${Math.round(frac * 100)}%)${e.detail ? ` ${e.detail}` : ""}`;
}

/** Default seconds between two plain progress lines (MEANFIELD_PROGRESS_INTERVAL overrides it). */
export const PROGRESS_LINE_SECONDS = 2;

/**
 * Plain progress lines for a stderr that is not a terminal: every `intervalMs`, one line with the
 * latest state and the time elapsed ("meanfield dln simulate: seeds 2/5 (40%), 12 s"). Nothing is
 * printed for runs shorter than one interval.
 */
export class ProgressLines {
  private latest: ProgressEvent | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly start = Date.now();

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly prefix: string,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.line(), intervalMs);
    this.timer.unref();
  }

  draw(e: ProgressEvent): void {
    this.latest = e;
  }

  private line(): void {
    const seconds = Math.round((Date.now() - this.start) / 1000);
    const state = this.latest ? percent(this.latest) : "running";
    this.stream.write(`${this.prefix}: ${state}, ${seconds} s\n`);
  }

  /** Lines are whole: nothing to erase. */
  clear(): void {}

  stop(): void {
    clearInterval(this.timer);
  }
}

/** The bar on a terminal, lines elsewhere, nothing with --quiet (or MEANFIELD_NO_PROGRESS, for tests). */
export function progressDisplay(
  stream: NodeJS.WriteStream,
  prefix: string,
  quiet: boolean,
): { draw(e: ProgressEvent): void; clear(): void; stop?(): void } | null {
  if (quiet || process.env.MEANFIELD_NO_PROGRESS) return null;
  if (stream.isTTY) return new ProgressBar(stream);
  const seconds = Number(process.env.MEANFIELD_PROGRESS_INTERVAL ?? PROGRESS_LINE_SECONDS);
  const ms = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : PROGRESS_LINE_SECONDS * 1000;
  return new ProgressLines(stream, prefix, ms);
}
