// npm run package [-- --embedded-backend] [-- --dir]
// Builds the installers for this OS (Windows NSIS, Linux AppImage + deb, macOS dmg) into
// release/<variant>/. Without --embedded-backend the app ships the client and the transcriber
// only (server mode); with it, the backend sidecar too. `npm run package` runs `npm run build`
// and `npm run native:electron` first (see package.json).
import path from 'node:path';
import { runPackage } from './pipeline';
import { REPO_ROOT } from './sidecar-bundles';

const args = new Set(process.argv.slice(2).filter((a) => a !== '--'));
const known = new Set(['--embedded-backend', '--dir']);
const unknown = [...args].filter((a) => !known.has(a));
if (unknown.length > 0) {
  console.error(
    `Unknown option ${unknown.join(' ')}. Usage: npm run package -- [--embedded-backend] [--dir]`,
  );
  process.exit(2);
}
const embeddedBackend = args.has('--embedded-backend');
const variant = embeddedBackend ? 'embedded-backend' : 'client';
const { buildInfo, outputDir } = await runPackage({
  embeddedBackend,
  dirOnly: args.has('--dir'),
  flipFuses: true,
  outputDir: path.join(REPO_ROOT, 'release', variant),
  log: (l) => console.log(l),
});
console.log(`Packaged ${variant} ${buildInfo.appVersion} (${buildInfo.commit}) into ${outputDir}`);
