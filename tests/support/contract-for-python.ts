// Prints the TypeScript side of the backend's contract as one JSON object, for
// sidecars/backend/tests/test_contract.py: the `backend` settings of config.json (JSON Schema with
// defaults and limits, from the zod schemas themselves), the settings line, the placeholder
// secrets, and each setup check's codes.
import { z } from 'zod';
import { JWT_PLACEHOLDERS } from '../../electron/contract/config-fields';
import { BackendSettingsSchema } from '../../electron/contract/config-schema';
import { AuthTestCodeSchema, DatabaseTestCodeSchema, DifyTestCodeSchema } from '../../electron/contract/ipc';
import { BackendSettingsLineSchema } from '../../electron/contract/sidecar';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

process.stdout.write(
  JSON.stringify({
    backendSettings: jsonSchema(BackendSettingsSchema),
    settingsLine: jsonSchema(BackendSettingsLineSchema),
    jwtPlaceholders: JWT_PLACEHOLDERS,
    codes: {
      database: DatabaseTestCodeSchema.options,
      dify: DifyTestCodeSchema.options,
      auth: AuthTestCodeSchema.options,
    },
    /** Codes main answers itself; the backend never sends them. */
    mainOnlyCodes: ['backend_unavailable', 'unknown'],
  }),
);
