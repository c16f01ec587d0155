// The wizard's draft (<userData>/wizard-draft.json): non-secret values only. Main strips secret
// fields again here even if the renderer sent them, in nested (`backend.database.password`) and
// flat (`"backend.database.password": ...`) form, and any key that names a secret.
import fs from 'node:fs/promises';
import path from 'node:path';
import { SECRET_FIELDS } from '../../contract/config';
import { DraftSchema, type Draft } from '../../contract/ipc';
import { atomicWrite } from '../config/atomic-write';
import { nodeConfigFs } from '../config/fs-ops';
import { isRecord, withoutPaths } from '../../contract/dotted-path';

const SECRET_KEY_NAMES = new Set(
  SECRET_FIELDS.map((f) => f.split('.').pop()!.toLowerCase()).concat([
    'password',
    'apikey',
    'secret',
    'token',
    'launchtoken',
  ]),
);

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const leaf = k.split('.').pop()!.toLowerCase();
    if ((SECRET_FIELDS as readonly string[]).includes(k) || SECRET_KEY_NAMES.has(leaf)) continue;
    out[k] = scrub(v);
  }
  return out;
}

export function stripDraftSecrets(draft: Draft): Draft {
  return { ...draft, values: scrub(withoutPaths(draft.values, SECRET_FIELDS)) as Record<string, unknown> };
}

export function createDraftStore(userDataDir: string) {
  const file = path.join(userDataDir, 'wizard-draft.json');
  return {
    path: file,
    async save(draft: Draft): Promise<void> {
      const clean = stripDraftSecrets(draft);
      await fs.mkdir(userDataDir, { recursive: true });
      // The config file's atomic write: a random temp name opened exclusively ('wx'), so nothing
      // placed at a guessable name (a link to another file) is ever written through.
      await atomicWrite(file, `${JSON.stringify(clean, null, 2)}\n`, {
        fs: nodeConfigFs,
        platform: process.platform,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      });
    },
    async load(): Promise<Draft | null> {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch {
        return null;
      }
      try {
        const parsed = DraftSchema.safeParse(JSON.parse(text));
        return parsed.success ? stripDraftSecrets(parsed.data) : null;
      } catch {
        return null; // a damaged draft is simply not offered
      }
    },
    async clear(): Promise<void> {
      await fs.rm(file, { force: true });
    },
  };
}
export type DraftStore = ReturnType<typeof createDraftStore>;
