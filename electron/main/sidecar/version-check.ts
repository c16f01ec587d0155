// A sidecar must be the build that came with the app. An installation updated halfway (a file
// locked by antivirus, an interrupted copy) could otherwise run an old backend against a new app.
// The sidecars report their version in their first event; a mismatch stops the start with a message.
import type { LaunchFailure } from '../../contract/ipc';
import type { SidecarName } from '../../contract/sidecar';

export const VERSION_MISMATCH = 'sidecar_version_mismatch';

const LABEL: Record<SidecarName, string> = { backend: 'backend', transcriber: 'speech recognition' };

/** null when the versions match, or when no version is expected (development, tests). */
export function sidecarVersionFailure(
  sidecar: SidecarName,
  reported: string | undefined,
  expected: string | undefined,
): LaunchFailure | null {
  if (expected === undefined || reported === expected) return null;
  return {
    code: VERSION_MISMATCH,
    message: `The ${LABEL[sidecar]} program in this installation is version ${reported ?? 'unknown'}, but the app is version ${expected}, so it was not started.`,
    hint: 'The installation is incomplete or half-updated: reinstall Meeting Assistant (or ask your IT department to).',
  };
}
