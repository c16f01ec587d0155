// diagnostics:export: collects the bundle (diagnostics/collect.ts) and writes it as a zip where
// the user chose (the save dialog in the app; a folder in tests).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { IpcHandlers } from '../../contract/ipc';
import { collectDiagnostics, type DiagnosticsSources } from '../diagnostics/collect';
import { writeZip } from '../diagnostics/zip';

export interface DiagnosticsServices {
  sources: DiagnosticsSources;
  /** Asks where to save (suggested file name in); null when the user cancels. */
  choosePath: (suggestedName: string) => Promise<string | null>;
  now?: () => Date;
}

export function suggestedDiagnosticsName(now: Date): string {
  // Colons are not allowed in Windows file names.
  return `meeting-assistant-diagnostics-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.zip`;
}

export function createDiagnosticsHandlers(s: DiagnosticsServices): Pick<IpcHandlers, 'diagnostics:export'> {
  return {
    'diagnostics:export': async () => {
      const file = await s.choosePath(suggestedDiagnosticsName((s.now ?? (() => new Date()))()));
      if (file === null) return { saved: false };
      const files = await collectDiagnostics(s.sources);
      await fs.mkdir(path.dirname(file), { recursive: true });
      return { saved: true, path: file, bytes: await writeZip(file, files) };
    },
  };
}
