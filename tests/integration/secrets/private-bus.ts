// Private D-Bus session buses for the "keychain unavailable" cases. The bus config lists no
// service folders, so nothing is auto-started on it: a bare bus has no Secret Service at all.
// Every process started here is stopped by its own PID.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type PrivateBus = { address: string; stop(): void };

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): string {
  return execFileSync(cmd, args, { env, input, encoding: 'utf8', timeout: 10_000 });
}

export function startBareBus(): PrivateBus & { dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-bus-'));
  const conf = path.join(dir, 'bus.conf');
  writeFileSync(
    conf,
    `<busconfig><type>session</type><listen>unix:tmpdir=${dir}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
  );
  const [address, pid] = run(
    'dbus-daemon',
    [`--config-file=${conf}`, '--fork', '--print-address=1', '--print-pid=1'],
    process.env,
  )
    .trim()
    .split('\n');
  if (!address || !pid) throw new Error('dbus-daemon did not print its address and pid');
  return {
    dir,
    address,
    stop() {
      try {
        process.kill(Number(pid));
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A bus with gnome-keyring's Secret Service. `state` 'locked': the login collection is created
 * unlocked and then locked. 'no-login': the daemon runs but no login keyring was ever created
 * (a first session that never unlocked one).
 */
export function startKeyring(state: 'locked' | 'no-login'): PrivateBus {
  const bus = startBareBus();
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address, HOME: bus.dir };
  // gnome-keyring-daemon forks into the background; its PID comes from the bus afterwards.
  const args = state === 'locked' ? ['--unlock'] : ['--start'];
  run(
    'gnome-keyring-daemon',
    [...args, '--components=secrets', `--control-directory=${bus.dir}`],
    env,
    state === 'locked' ? 'ma-locked-test' : '',
  );
  let keyringPid: number | undefined;
  for (let i = 0; i < 50 && keyringPid === undefined; i++) {
    const out = spawnSync(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.DBus',
        '--object-path',
        '/org/freedesktop/DBus',
        '--method',
        'org.freedesktop.DBus.GetConnectionUnixProcessID',
        'org.freedesktop.secrets',
      ],
      { env, encoding: 'utf8', timeout: 5000 },
    );
    const match = /uint32 (\d+)/.exec(out.stdout);
    if (match) keyringPid = Number(match[1]);
    else spawnSync('sleep', ['0.1']);
  }
  if (keyringPid === undefined) {
    bus.stop();
    throw new Error('gnome-keyring-daemon did not appear on the private bus');
  }
  const stop = () => {
    try {
      process.kill(keyringPid);
    } catch {
      // already gone
    }
    bus.stop();
  };
  if (state === 'locked') {
    try {
      run(
        'gdbus',
        [
          'call',
          '--session',
          '--dest',
          'org.freedesktop.secrets',
          '--object-path',
          '/org/freedesktop/secrets',
          '--method',
          'org.freedesktop.Secret.Service.Lock',
          "[objectpath '/org/freedesktop/secrets/collection/login']",
        ],
        env,
      );
    } catch (error) {
      stop();
      throw error;
    }
  }
  return { address: bus.address, stop };
}
