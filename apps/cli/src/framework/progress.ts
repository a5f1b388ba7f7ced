/**
 * Progress on stderr, only when stderr is a terminal (pipes and CI logs stay clean). The worker
 * thread that computes reports through `Progress`; the main thread draws the bar.
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
