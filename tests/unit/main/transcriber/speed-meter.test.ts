// The sliding-window speed: bytes moved in the window over the time since its oldest sample.
import { describe, expect, it } from 'vitest';
import { SpeedMeter } from '../../../../electron/main/transcriber/speed-meter';

function clock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('SpeedMeter', () => {
  it('is 0 before two samples', () => {
    const c = clock();
    const m = new SpeedMeter({ now: c.now });
    expect(m.bytesPerSecond()).toBe(0);
    m.record(0);
    c.advance(100);
    expect(m.bytesPerSecond()).toBe(0);
  });

  it('averages a steady rate', () => {
    const c = clock();
    const m = new SpeedMeter({ now: c.now, windowMs: 5000 });
    m.record(0);
    for (let i = 0; i < 10; i += 1) {
      c.advance(100);
      m.record(100_000); // 1 MB/s
    }
    expect(m.bytesPerSecond()).toBeCloseTo(1_000_000, -3);
  });

  it('follows a change of rate within the window, forgetting older samples', () => {
    const c = clock();
    const m = new SpeedMeter({ now: c.now, windowMs: 1000 });
    m.record(0);
    for (let i = 0; i < 50; i += 1) {
      c.advance(100);
      m.record(100_000); // 1 MB/s for 5 s
    }
    for (let i = 0; i < 20; i += 1) {
      c.advance(100);
      m.record(10_000); // then 100 kB/s for 2 s
    }
    expect(m.bytesPerSecond()).toBeGreaterThan(90_000);
    expect(m.bytesPerSecond()).toBeLessThan(120_000);
  });

  it('decays while nothing moves, instead of showing the last good speed', () => {
    const c = clock();
    const m = new SpeedMeter({ now: c.now, windowMs: 2000 });
    m.record(0);
    c.advance(1000);
    m.record(1_000_000);
    const moving = m.bytesPerSecond();
    c.advance(9000);
    expect(m.bytesPerSecond()).toBeLessThan(moving / 5);
  });

  it('ignores negative amounts and starts afresh after reset', () => {
    const c = clock();
    const m = new SpeedMeter({ now: c.now });
    m.record(0);
    c.advance(1000);
    m.record(-5);
    expect(m.bytesPerSecond()).toBe(0);
    m.reset();
    m.record(0);
    c.advance(500);
    m.record(500);
    expect(m.bytesPerSecond()).toBe(1000);
  });
});
