// Per-file worker progress summed over the model, and the bytes that really moved.
import { describe, expect, it } from 'vitest';
import { DownloadTally } from '../../../../electron/main/transcriber/download-tally';

describe('DownloadTally', () => {
  it('sums files and reports the bytes moved since the previous event of a file', () => {
    const t = new DownloadTally();
    expect(t.update('config.json', 0, 100)).toEqual({ moved: 0 });
    expect(t.update('model.bin', 0, 1000)).toEqual({ moved: 0 });
    expect(t.update('model.bin', 400, 1000)).toEqual({ moved: 400 });
    expect(t.update('config.json', 100, 100)).toEqual({ moved: 100 });
    expect([t.downloadedBytes, t.totalBytes, t.file, t.complete]).toEqual([500, 1100, 'config.json', false]);
    t.update('model.bin', 1000, 1000);
    expect(t.complete).toBe(true);
  });

  it('does not count bytes already on disk from an earlier run as moved', () => {
    const t = new DownloadTally();
    expect(t.update('model.bin', 20_000, 50_000)).toEqual({ moved: 0 });
    expect(t.update('model.bin', 25_000, 50_000)).toEqual({ moved: 5000 });
    expect(t.downloadedBytes).toBe(25_000);
  });

  it('treats a file that starts over as moving nothing', () => {
    const t = new DownloadTally();
    t.update('model.bin', 0, 100);
    t.update('model.bin', 80, 100);
    expect(t.update('model.bin', 0, 100)).toEqual({ moved: 0 });
    expect(t.downloadedBytes).toBe(0);
  });

  it('is not complete before any file is announced', () => {
    expect(new DownloadTally().complete).toBe(false);
  });
});
