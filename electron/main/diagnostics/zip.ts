// Writes the diagnostics files as one zip (fflate: small, no dependencies, also reads zips back
// in the tests).
import fs from 'node:fs/promises';
import { strToU8, zipSync } from 'fflate';

export async function writeZip(file: string, files: Record<string, string>): Promise<number> {
  const data = zipSync(
    Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])),
    { level: 6 },
  );
  await fs.writeFile(file, data);
  return data.byteLength;
}
