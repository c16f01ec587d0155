// Public API of the config core (plain Node; no electron import). See README.md.
export { readConfigFile, parseConfigText, decodeConfigText, type ReadResult } from './read-config';
export { migrateConfig, type MigrationResult } from '../../contract/config';
export {
  locateConfig,
  configCandidates,
  defaultUserDataDir,
  machineConfigDir,
  CONFIG_ENV_VAR,
  CONFIG_FILE_NAME,
  type ConfigSource,
  type LocatedConfig,
  type LocateOptions,
} from './locate-config';
export {
  writeConfigFile,
  restoreBackup,
  backupPathFor,
  type BackupOutcome,
  type WriteOptions,
} from './write-config';
export { ConfigWriteError, type ConfigWriteErrorCode } from './write-errors';
export { nodeConfigFs, type ConfigFs, type FileHandleLike } from './fs-ops';
export { serializeConfig } from './file-content';
export { locateJsonSyntaxError, type JsonSyntaxError } from './json-syntax';
export { checkReport, policyCheckReport, type CheckReport } from './check-report';
export { readPolicyFile, parsePolicyText, policyPath, type PolicyReadResult } from './read-policy';
