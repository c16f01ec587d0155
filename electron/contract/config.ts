// The config contract: schemas, types, defaults, validation and secret helpers for config.json.
// Imported by Electron main, the preload and the Vue renderer, so it stays browser-safe (zod only).
export * from './config-fields';
export * from './config-schema';
export * from './config-problem';
export * from './config-secrets';
export { migrateConfig, isPlainObject, TOP_LEVEL_MESSAGE, type MigrationResult } from './config-migrate';
export * from './config-validate';
export * from './config-policy';
