// Download speed over a sliding window: bytes moved in the last few seconds, divided by the time
// since the oldest sample still in the window. Measured up to "now", so a stalled download
// decays towards 0 instead of showing its last good speed forever.

export interface SpeedMeterOptions {
  /** How far back the average looks (default 5 s). */
  windowMs?: number;
  /** Milliseconds, monotonic enough (default performance.now). */
  now?: () => number;
}

interface Sample {
  t: number;
  /** Bytes moved since the meter started (cumulative). */
  total: number;
}

export class SpeedMeter {
  private readonly windowMs: number;
  private readonly now: () => number;
  private samples: Sample[] = [];
  private total = 0;

  constructor(opts: SpeedMeterOptions = {}) {
    this.windowMs = opts.windowMs ?? 5000;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Bytes moved since the last call (0 marks the start of a transfer). */
  record(bytes: number): void {
    this.total += Math.max(0, bytes);
    this.samples.push({ t: this.now(), total: this.total });
    this.prune(this.now());
  }

  bytesPerSecond(): number {
    const now = this.now();
    this.prune(now);
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || this.samples.length < 2) return 0;
    const spanMs = now - first.t;
    if (spanMs <= 0) return 0;
    return ((last.total - first.total) * 1000) / spanMs;
  }

  reset(): void {
    this.samples = [];
    this.total = 0;
  }

  // Keep one sample at or before the window's start as the anchor of the average.
  private prune(now: number): void {
    const start = now - this.windowMs;
    while (this.samples.length > 2 && this.samples[1]!.t <= start) this.samples.shift();
  }
}
