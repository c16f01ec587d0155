// The electron-builder configuration: what each variant bundles, and the fuses (which
// package:check cannot verify without the real Electron binary, so they are pinned here).
import { describe, expect, it } from 'vitest';
import { builderConfig } from '../../../electron/packaging/builder-config';

const base = { buildInfoFile: '/tmp/build-info.json', outputDir: '/tmp/out', electronVersion: '41.7.1' };

const resourceTargets = (c: ReturnType<typeof builderConfig>) =>
  (c.extraResources as Array<{ to: string }>).map((r) => r.to);

describe('builderConfig', () => {
  it('the all-in-one build bundles both sidecars under sidecars/, the client build the transcriber only', () => {
    expect(resourceTargets(builderConfig({ ...base, embeddedBackend: true, flipFuses: true }))).toEqual([
      'sidecars/meeting-backend',
      'sidecars/meeting_transcriber',
      'build-info.json',
    ]);
    expect(resourceTargets(builderConfig({ ...base, embeddedBackend: false, flipFuses: true }))).toEqual([
      'sidecars/meeting_transcriber',
      'build-info.json',
    ]);
  });

  it('sets every fuse the issue names, and none on a stand-in Electron', () => {
    expect(builderConfig({ ...base, embeddedBackend: true, flipFuses: true }).electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(builderConfig({ ...base, embeddedBackend: true, flipFuses: false }).electronFuses).toBeUndefined();
  });

  it('keytar is unpacked from the asar, and NSIS offers per-user or per-machine with the admin-file include', () => {
    const c = builderConfig({ ...base, embeddedBackend: false, flipFuses: true });
    expect(c.asar).toBe(true);
    expect(c.asarUnpack).toEqual(['node_modules/keytar/**/*.node']);
    expect(c.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(c.nsis?.include).toBe('electron/packaging/installer.nsh');
    expect(c.linux?.target).toEqual(['AppImage', 'deb']);
    expect(c.mac?.target).toEqual(['dmg']);
  });
});
