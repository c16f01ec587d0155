// Starts fixtures/fake_hub_server.py: the transcriber tests' fake Hugging Face hub serving
// Whisper tiny.en (as Systran/faster-whisper-tiny.en), optionally rate-limited.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PYTHON = path.join(REPO_ROOT, 'sidecars/.venv/bin/python');
const HUB_SCRIPT = fileURLToPath(new URL('./fixtures/fake_hub_server.py', import.meta.url));

export interface FakeHub {
  endpoint: string;
  /** The model's files and their sizes. */
  files: Record<string, number>;
  totalBytes: number;
  stop: () => Promise<void>;
}

export async function startFakeHub(bytesPerSecond?: number): Promise<FakeHub> {
  const proc = spawn(PYTHON, [HUB_SCRIPT, ...(bytesPerSecond ? [String(bytesPerSecond)] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`fake hub exited with ${code}`)));
  });
  const { endpoint, files } = JSON.parse(first) as { endpoint: string; files: Record<string, number> };
  return {
    endpoint,
    files,
    totalBytes: Object.values(files).reduce((a, b) => a + b, 0),
    stop: async () => {
      proc.stdin.end(); // the server stops at EOF
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}
