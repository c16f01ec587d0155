// The renderer's own English strings. Not yet every user-visible one: sentences main sends
// (failure messages, problems, handler errors) arrive as English text (issue 10 turns them into
// codes translated here). A zh-TW file with the same keys can follow.
// vue-i18n syntax: {name} is a placeholder; a literal at-sign must be written {'@'}.
// Sections keyed by a result or error code are typed against the contract's code list, so a code
// without a sentence (or a sentence for a code nobody sends) does not compile.
import type {
  AuthTestCode,
  DatabaseTestCode,
  DifyTestCode,
  IpcErrorCode,
  ServerTestCode,
} from '../../electron/contract/ipc';
import type { SessionErrorCode } from '../../electron/contract/session';

/** What a failed check says, and what to do about it. */
type Coded = { text: string; hint: string };

export default {
  app: {
    name: 'Meeting Assistant',
    loading: 'Loading…',
    bridgeMissing:
      'This window is not connected to the Meeting Assistant app. Start it from the app, not a web browser.',
  },
  common: {
    back: 'Back',
    next: 'Next',
    retry: 'Retry',
    testing: 'Testing…',
    show: 'Show',
    hide: 'Hide',
    replace: 'Replace',
    keepStored: 'Keep the stored value',
    storedInKeychain: 'stored in the system keychain',
    notSet: 'not set',
    requiredField: 'This field is required.',
  },
  ipcErrors: {
    ...({
      invalid_arguments: 'The app rejected the request because a value was not in the expected form.',
      forbidden_sender: 'The app refused a request from this window.',
      unknown_channel: 'This version of the app does not support that action.',
      internal: 'Something went wrong inside the app: {message}',
      not_ready: 'The app has not finished starting. Try again in a moment.',
      unsafe_url: 'Only web links (http or https) can be opened.',
      secret_destination_changed:
        'The stored password or key was saved for another server, so it was not sent. Type it again.',
    } satisfies Record<IpcErrorCode, string>),
    // The renderer's own: no preload bridge, and any other error.
    no_bridge: 'This window is not connected to the Meeting Assistant app.',
    fallback: 'The action failed: {message}',
  },
  steps: {
    deployment: 'Deployment',
    database: 'Database',
    dify: 'Dify',
    signin: 'Sign-in',
    review: 'Review',
  },
  wizard: {
    title: 'Set up Meeting Assistant',
    intro: 'A few questions and the app is ready. Your answers are kept if you go back or quit.',
    stepOf: 'Step {n} of {total}',
    progressLabel: 'Setup steps',
    prefilled: 'Some settings were filled in from your administrator’s file: {path}',
    draftRestored:
      'Your unfinished setup was restored. Passwords and keys must be typed again: they are never saved before you finish.',
    finish: 'Finish',
    finishing: 'Finishing setup…',
    finishFailed: 'Setup could not be finished.',
  },
  finish: {
    title: 'Finishing setup',
    secrets: 'Storing passwords and keys in the system keychain',
    write: 'Writing the configuration file',
    backend: 'Starting the backend',
    health: 'Checking that the backend is healthy',
    attempt: 'attempt {n} of {total}',
  },
  deployment: {
    legend: 'Where should the Meeting Assistant backend run?',
    embedded: 'Run the backend on this computer',
    embeddedHint:
      'The app starts and stops its own backend. You will enter the database and service settings next.',
    server: 'Connect to my company’s server',
    serverHint: 'Your company already runs a Meeting Assistant backend. You only need its address.',
    apiBaseUrl: 'Server address (API base URL)',
    apiBaseUrlHint: 'For example https://meetings.example.com/api. Ask your IT department.',
    test: 'Test server',
    ok: 'The server answered: Meeting Assistant {version}, database {database}.',
  },
  database: {
    intro:
      'Meeting notes are stored in a MySQL or MariaDB database. Your IT department can give you these details.',
    host: 'Server host name or IP address',
    hostHint: 'For example db.example.com or 10.0.0.12.',
    port: 'Port',
    portHint: 'Usually 33306 or 3306.',
    user: 'User name',
    password: 'Password',
    database: 'Database name',
    test: 'Test connection',
    ok: 'Connected to {version} in {ms} ms.',
    untestedTitle: 'The connection has not passed a test',
    untestedBody:
      'The app may fail to start with these settings. You can continue and fix them later in Settings.',
    untestedConfirm: 'Continue without a passing test',
    untestedTest: 'Test now',
    changedSinceTest: 'The settings changed since the last test.',
  },
  dbResult: {
    dns_failed: {
      text: 'The server name could not be found.',
      hint: 'Check the spelling of the host name, or use its IP address.',
    },
    connection_refused: {
      text: 'Nothing answered at this host and port.',
      hint: 'Check the port number and that the database server is running and accepts network connections.',
    },
    timeout: {
      text: 'The database server did not answer in time.',
      hint: 'A firewall or VPN may be blocking the connection. Check that you are on the company network.',
    },
    access_denied: {
      text: 'The database server refused this user name and password.',
      hint: 'Check the user name and password (both are case-sensitive). If they are right, ask your database administrator whether this user may connect from this computer.',
    },
    database_access_denied: {
      text: 'The sign-in worked, but the server refused access to this database.',
      hint: 'Either this user has no rights on the database, or no database of this name exists: MariaDB and MySQL give the same answer for both when the user has no grant for it. Check the database name; if it is right, ask your database administrator to grant this user rights on it.',
    },
    unknown_database: {
      text: 'The sign-in worked, but there is no database with this name.',
      hint: 'Check the spelling of the database name, or ask your database administrator to create it.',
    },
    not_mysql: {
      text: 'Something answered at this address, but it is not a MySQL or MariaDB server.',
      hint: 'Check the host name and the port.',
    },
    tls_error: {
      text: 'A secure (TLS) connection to the database could not be set up.',
      hint: 'Ask your database administrator which TLS settings the server needs.',
    },
    cleartext_password_refused: {
      text: 'The database server asked for your password unencrypted, so the app did not send it.',
      hint: 'Ask your database administrator to turn on TLS for this server, or to change how this account signs in.',
    },
    backend_unavailable: {
      text: 'The connection test could not run because the app’s backend is not running.',
      hint: 'Retry in a few seconds. If this continues, use Show logs on the startup screen.',
    },
    unknown: {
      text: 'The connection failed for an unexpected reason.',
      hint: 'The details below may help your IT department.',
    },
  } satisfies Record<DatabaseTestCode, Coded>,
  dify: {
    intro:
      'Dify provides the summaries and the speech-to-text service. The keys are in your Dify app under API Access.',
    url: 'Dify API URL',
    urlHint: 'For example https://dify.example.com/v1.',
    apiKey: 'App API key',
    sttKey: 'Speech-to-text API key',
    testKey: 'Test app key',
    testSttKey: 'Test speech-to-text key',
    okStt: 'The key works. Speech-to-text is enabled for this Dify app.',
    okNoStt: 'The key works, but speech-to-text is not enabled for this Dify app.',
  },
  difyResult: {
    unauthorized: {
      text: 'Dify did not accept this key.',
      hint: 'Copy the key again from the Dify app’s API Access page. Keys start with app-.',
    },
    api_disabled: {
      text: 'The API of this Dify app is switched off.',
      hint: 'Enable API access for the app in Dify.',
    },
    unreachable: {
      text: 'The Dify server could not be reached.',
      hint: 'Check the URL and that you are on the company network.',
    },
    not_dify: {
      text: 'Something answered at this URL, but it is not a Dify API.',
      hint: 'The URL usually ends in /v1.',
    },
    backend_unavailable: {
      text: 'The test could not run because the app’s backend is not running.',
      hint: 'Retry in a few seconds.',
    },
    unknown: {
      text: 'The test failed for an unexpected reason.',
      hint: 'The details below may help your IT department.',
    },
  } satisfies Record<DifyTestCode, Coded>,
  signin: {
    intro:
      'People sign in with their company account. The app checks it with your company’s sign-in service.',
    authApiUrl: 'Company sign-in service URL',
    authApiUrlHint: 'For example https://auth.example.com/api.',
    testAuth: 'Test sign-in service',
    authOk: 'The sign-in service answered (HTTP {status}).',
    authOkNoStatus: 'The sign-in service answered.',
    adminEmail: 'Administrator e-mail',
    adminEmailHint: 'This person gets the administrator role after signing in.',
    jwtSecret: 'Session signing secret (JWT)',
    jwtSecretHint:
      'A random 256-bit secret was generated for you. Paste your own if your IT department gave you one.',
    generate: 'Generate a new secret',
    jwtExpireHours: 'Sign-in lifetime (hours)',
    jwtExpireHoursHint: 'How long people stay signed in.',
  },
  reachability: {
    unreachable: {
      text: 'The address could not be reached.',
      hint: 'Check the URL and that you are on the company network.',
    },
    dns_failed: { text: 'The server name could not be found.', hint: 'Check the spelling of the URL.' },
    timeout: {
      text: 'The server did not answer in time.',
      hint: 'A firewall or VPN may be blocking the connection.',
    },
    tls_error: {
      text: 'A secure (HTTPS) connection could not be set up.',
      hint: 'The server’s certificate may not be trusted by this computer.',
    },
    not_meeting_backend: {
      text: 'Something answered at this address, but it is not a Meeting Assistant server.',
      hint: 'Check the address with your IT department. It usually ends with /api.',
    },
    invalid_url: {
      text: 'This is not a valid web address.',
      hint: 'Enter an address starting with http:// or https://, like https://meetings.example.com/api.',
    },
    connection_refused: {
      text: 'Nothing answered at this address and port.',
      hint: 'Check the address and port, and that the server is running.',
    },
    backend_unavailable: {
      text: 'The test could not run because the app’s backend is not running.',
      hint: 'Retry in a few seconds.',
    },
    unknown: {
      text: 'The test failed for an unexpected reason.',
      hint: 'The details below may help your IT department.',
    },
  } satisfies Record<AuthTestCode | ServerTestCode, Coded>,
  review: {
    intro: 'Check your settings, then choose Finish. You can change everything later in Settings.',
    configPath: 'The configuration will be written to',
    mode: 'Deployment',
    modeEmbedded: 'Backend on this computer',
    modeServer: 'Company server',
    edit: 'Change {step} settings',
  },
  fields: {
    apiBaseUrl: 'Server address',
    backend: {
      database: {
        host: 'Database host',
        port: 'Database port',
        user: 'Database user',
        password: 'Database password',
        database: 'Database name',
      },
      externalApis: {
        difyApiUrl: 'Dify API URL',
        difyApiKey: 'Dify app API key',
        difySttApiKey: 'Dify speech-to-text key',
        authApiUrl: 'Sign-in service URL',
      },
      auth: {
        adminEmail: 'Administrator e-mail',
        jwtSecret: 'Session signing secret',
        jwtExpireHours: 'Sign-in lifetime (hours)',
      },
    },
  },
  secret: {
    stored: 'stored in the system keychain',
    // A stored secret is only sent where it was saved for; main refuses it anywhere else.
    rebind: {
      password: 'The password is needed again because the server changed.',
      difyApiKey: 'The API key is needed again because the Dify address changed.',
      difySttApiKey: 'The speech-to-text key is needed again because the Dify address changed.',
    },
  },
  startup: {
    title: 'Starting Meeting Assistant',
    failedTitle: 'Meeting Assistant could not start',
    stepsLabel: 'Startup progress',
    config: 'Reading the configuration',
    keychain: 'Reading passwords and keys from the system keychain',
    spawning: 'Starting the backend',
    waiting: 'Waiting for the backend to answer',
    waitingAttempt: 'Waiting for the backend to answer (attempt {n} of {total})',
    database: 'Checking the database',
    model: 'Preparing the speech model',
    ready: 'Ready',
    modelFile: 'Downloading {file}',
    modelBytes: '{done} of {total} ({percent}%), {speed}/s',
    modelRestarted: "This server can't resume; starting over",
    cancelDownload: 'Cancel download',
    downloadCancelled:
      'The download was stopped. It continues where it stopped the next time the model is needed.',
    exitCode: 'The backend stopped with exit code {code}.',
    openSettings: 'Open settings',
    showLogs: 'Show logs',
    hideLogs: 'Hide logs',
    logsTitle: 'Last lines of the backend log (passwords and keys are hidden)',
    logsEmpty: 'The log is empty.',
    logsFile: 'Log file: {path}',
    openLogsFolder: 'Open logs folder',
    restore: 'Restore last working settings',
  },
  invalid: {
    title: 'The configuration file has problems',
    intro:
      'The app did not change this file. Fix the settings in the app, or ask the administrator who gave it to you.',
    file: 'File: {path}',
    openSettings: 'Fix in settings',
  },
  keychain: {
    title: 'The system keychain is not available',
    intro:
      'Meeting Assistant keeps passwords and keys in the system keychain, never in a file. It could not use the keychain.',
    retry: 'Try again',
  },
  settings: {
    title: 'Settings',
    intro: 'Changes take effect when you save: the app restarts its backend with the new settings.',
    save: 'Save and restart',
    saving: 'Saving and restarting…',
    cancel: 'Cancel',
    loadFailed: 'The current settings could not be read: {message}',
    saveFailed: 'The settings were not saved.',
    startFailed: 'The new settings were saved, but the app could not start with them.',
    progressTitle: 'Saving and restarting',
    oldKept: 'Your previous settings are still in use.',
    oldNotKept: 'Fix the settings and save again, or restore the last working settings.',
    restore: 'Restore last working settings',
    source: 'Settings file: {path}',
    fileProblems:
      'The settings file had these problems. Values that were not valid have been replaced by their defaults below; saving writes a corrected file.',
  },
  model: {
    title: 'Speech model',
    idle: 'Transcription runs on this computer. Its speech model is downloaded once, the first time it is needed; you can download it now.',
    download: 'Download the speech model',
    retry: 'Try again',
    preparing: 'Looking for the model…',
    ready: 'Ready for transcription:',
  },
  policy: {
    locked: 'Set by your organisation',
    noBackend: 'This installation connects to your organisation’s server; it has no built-in backend.',
  },
  main: {
    title: 'Meeting Assistant is running',
    statusLabel: 'Status',
    mode: 'Mode',
    modeEmbedded: 'Backend on this computer',
    modeServer: 'Company server',
    backend: 'Backend',
    backendVersion: 'Meeting Assistant backend {version}',
    backendUrl: 'Backend address',
    database: 'Database',
    db_ok: 'connected',
    db_unconfigured: 'not configured',
    db_error: 'error',
    db_unknown: 'unknown',
    configPath: 'Configuration file',
    logsDir: 'Logs folder',
    appVersion: 'App version',
    commit: 'build {commit}',
    sidecarVersions: 'Bundled programs',
    readySince: 'Running since',
    refresh: 'Refresh status',
    settings: 'Settings',
    openLogs: 'Open logs folder',
    saveDiagnostics: 'Save diagnostics…',
    diagnosticsSaved: 'Diagnostics saved to {path}. Secrets are left out; send this file to your IT support.',
    meetingsSoon: 'Recording and summarizing meetings arrives in the next version.',
  },
  session: {
    title: 'Sign in',
    intro: 'Sign in with your company account.',
    username: 'Company user name or e-mail',
    password: 'Password',
    keepSignedIn: 'Keep me signed in',
    keepSignedInHint: 'On this computer, until the sign-in expires. Sign out to end it sooner.',
    submit: 'Sign in',
    submitting: 'Signing in…',
    failed: 'Sign-in failed',
    adminSettings: 'Administrators: check the sign-in service in the settings',
    about: 'About & status',
    signedInAs: 'Signed in as {name} ({email})',
    signOut: 'Sign out',
  },
  /** One sentence per code of `session:signIn` (SESSION_ERROR_CODES); `{message}` is main's detail. */
  sessionErrors: {
    invalid_credentials: 'The user name or password is not correct.',
    too_many_attempts: '{message}',
    rate_limited: 'The company sign-in service is busy. Wait a minute, then try again.',
    auth_unreachable:
      'The company sign-in service cannot be reached right now, so nobody can sign in. Try again later, or ask your IT support.',
    auth_service_error:
      'The company sign-in service answered, but not as expected. Ask your administrator to check its address.',
    auth_not_configured:
      'No company sign-in service is set up yet. An administrator needs to enter its address in the settings.',
    database_unavailable: 'The meeting database is not available right now. Try again in a moment.',
    schema_outdated: 'The meeting database needs an update that this version of the app cannot make.',
    backend_unreachable: 'The app cannot reach its backend right now. Try again in a moment.',
    unexpected_response: 'The backend answered in an unexpected way: {message}',
    not_ready: 'The app has not finished starting. Try again in a moment.',
  } satisfies Record<SessionErrorCode, string>,
  sidecar: {
    crashed: 'The backend stopped unexpectedly.',
    restarting: 'The backend stopped unexpectedly and is being restarted (attempt {n} of {total}).',
    gaveUp: 'The backend stopped unexpectedly and could not be restarted.',
  },
};
