// resources/build-info.json, written by the package step (electron/packaging/pipeline.ts): the
// app version and commit it was built from, and which sidecars it bundles at which version.
// Absent in development; a damaged file reads as absent, with the reason for the log.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const BuildInfoFileSchema = z.object({
  appVersion: z.string(),
  commit: z.string(),
  embeddedBackend: z.boolean(),
  sidecars: z.record(z.string(), z.string()),
});
export type BuildInfoFile = z.infer<typeof BuildInfoFileSchema>;

export function readBuildInfo(resourcesPath: string | undefined): {
  info: BuildInfoFile | null;
  problem?: string;
} {
  if (!resourcesPath) return { info: null };
  const file = path.join(resourcesPath, 'build-info.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { info: null, problem: `${file} is missing` };
  }
  try {
    const parsed = BuildInfoFileSchema.safeParse(JSON.parse(text));
    return parsed.success
      ? { info: parsed.data }
      : { info: null, problem: `${file} is not a build-info file` };
  } catch {
    return { info: null, problem: `${file} is not valid JSON` };
  }
}
