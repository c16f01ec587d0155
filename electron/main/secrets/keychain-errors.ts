// The one error the secret store raises when the OS keychain cannot be used, with a plain
// message that says what to do. The wording differs per OS because the keychain does.
export type KeychainErrorCode =
  'no_dbus' | 'no_secret_service' | 'locked' | 'keytar_load_failed' | 'timeout' | 'unknown';

export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  constructor(
    readonly code: KeychainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const NEVER_PLAINTEXT = 'Meeting Assistant does not store passwords and keys in a plain file instead.';

function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'Windows Credential Manager';
  if (platform === 'darwin') return 'macOS Keychain';
  return 'system keyring (Secret Service, e.g. GNOME Keyring or KWallet)';
}

export function keychainMessage(code: KeychainErrorCode, platform: NodeJS.Platform, detail = ''): string {
  const name = keychainName(platform);
  switch (code) {
    case 'no_dbus':
      return `The ${name} cannot be reached because there is no D-Bus session (this happens over SSH or outside a desktop session). Start Meeting Assistant from your desktop session, or run it under "dbus-run-session". ${NEVER_PLAINTEXT}`;
    case 'no_secret_service':
      return `No ${name} is running. Install and start one (for example the gnome-keyring package), log out and back in, then try again. ${NEVER_PLAINTEXT}`;
    case 'locked':
      return platform === 'darwin'
        ? `The macOS Keychain is locked or refused access. Unlock your login keychain in Keychain Access and allow Meeting Assistant when asked, then try again.`
        : platform === 'win32'
          ? `Windows Credential Manager refused access. Sign in to Windows again and try again.`
          : `The ${name} is locked or has no default keyring. Unlock it (for example by logging in to your desktop, or in "Passwords and Keys"), then try again.`;
    case 'keytar_load_failed':
      return `Meeting Assistant could not load its keychain component, so it cannot use the ${name}. Reinstall Meeting Assistant; if that does not help, report this error${detail ? ` (${detail})` : ''}. ${NEVER_PLAINTEXT}`;
    case 'timeout':
      return `The ${name} did not answer in time. If a password prompt is open, answer it; otherwise restart your session and try again.`;
    case 'unknown':
      return `The ${name} reported an error${detail ? `: ${detail}` : ''}. Try again; if it keeps happening, restart your session. ${NEVER_PLAINTEXT}`;
  }
}

/** Sorts a raw keytar/libsecret/OS error into one of our codes by its message. */
export function classifyKeychainError(message: string): KeychainErrorCode {
  if (
    /Cannot autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect:|Failed to connect to socket|Connection refused/i.test(
      message,
    )
  ) {
    return 'no_dbus';
  }
  if (
    /org\.freedesktop\.secrets was not provided|ServiceUnknown|was not provided by any \.service files/i.test(
      message,
    )
  ) {
    return 'no_secret_service';
  }
  // "Object does not exist at path .../collection/login": the keyring runs but has no default
  // collection yet, which the user fixes the same way as a locked one.
  if (
    /locked collection|is locked|Object does not exist at path .*collection|User interaction is not allowed|user name or passphrase you entered is not correct|User canceled/i.test(
      message,
    )
  ) {
    return 'locked';
  }
  return 'unknown';
}

export function toKeychainError(error: unknown, platform: NodeJS.Platform): KeychainUnavailableError {
  if (error instanceof KeychainUnavailableError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const code = classifyKeychainError(detail);
  return new KeychainUnavailableError(code, keychainMessage(code, platform, detail), { cause: error });
}
