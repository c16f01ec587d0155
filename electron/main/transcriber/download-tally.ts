// Turns the worker's per-file `download_progress` events into one figure for the whole model
// (bytes summed over files), and tells how many bytes really moved since the last event, so
// that bytes already on disk from an earlier, resumed run never count as speed.

export interface TallyUpdate {
  /** Bytes moved since the previous event of this file; 0 for its first event. */
  moved: number;
}

export class DownloadTally {
  private readonly files = new Map<string, { done: number; total: number }>();
  private lastFile = '';

  update(file: string, downloadedBytes: number, totalBytes: number): TallyUpdate {
    const prev = this.files.get(file);
    this.files.set(file, { done: downloadedBytes, total: totalBytes });
    this.lastFile = file;
    // A first announcement carries what is already on disk; a file starting over moved nothing yet.
    if (!prev || downloadedBytes < prev.done) return { moved: 0 };
    return { moved: downloadedBytes - prev.done };
  }

  get file(): string {
    return this.lastFile;
  }

  get downloadedBytes(): number {
    let sum = 0;
    for (const f of this.files.values()) sum += f.done;
    return sum;
  }

  get totalBytes(): number {
    let sum = 0;
    for (const f of this.files.values()) sum += f.total;
    return sum;
  }

  /** Every announced file has all its bytes. */
  get complete(): boolean {
    return this.files.size > 0 && [...this.files.values()].every((f) => f.done >= f.total);
  }
}
