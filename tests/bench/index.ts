// `npm run bench`: prints medians and ratios against a baseline measured in the same run.
// Benchmarks assert nothing about time (these machines are shared and noisy).
// Each section is independent: one that cannot run says why and the others go on.
export {};

type Section = { name: string; load: () => Promise<() => Promise<void>> };

const sections: Section[] = [
  { name: 'backend sidecar', load: async () => (await import('./backend')).runBackendBench },
  { name: 'meetings backend', load: async () => (await import('./meetings')).runMeetingsBench },
  { name: 'launch (main process)', load: async () => (await import('./launch')).runLaunchBench },
  { name: 'dify', load: async () => (await import('./dify')).runDifyBench },
  { name: 'transcriber sidecar', load: async () => (await import('./transcriber')).runTranscriberBench },
];

const only = process.argv.slice(2);
let failed = 0;
for (const section of sections) {
  if (only.length > 0 && !only.some((o) => section.name.includes(o))) continue;
  console.log(`\n## ${section.name}\n`);
  try {
    const run = await section.load();
    await run();
  } catch (error) {
    failed += 1;
    console.log(`(section could not run: ${error instanceof Error ? error.message : String(error)})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
