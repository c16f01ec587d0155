// Main checks every setup-route answer with the schemas generated from the backend's models
// (electron/contract/api/zod.gen.ts): an answer outside them never reaches the renderer as is.
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import type { LaunchController } from '../../../electron/main/launch/controller';
import type { DraftStore } from '../../../electron/main/launch/draft';

function handlersAnswering(status: number, body: unknown) {
  const controller = {
    callSetupRoute: async () => ({ status, body }),
    reusableSecret: async () => ({ kind: 'none' }),
  } as unknown as LaunchController;
  return createHandlers({ controller, drafts: {} as DraftStore, logsDir: '/tmp' });
}

const database = { host: 'db.example.com', port: 3306, user: 'u', password: 'pw', database: 'd' };

describe('setup answers are validated with the generated schemas', () => {
  it('passes a well-formed database answer through unchanged', async () => {
    const answer = { ok: true, serverVersion: '10.11.6-MariaDB', latencyMs: 12 };
    expect(await handlersAnswering(200, answer)['setup:testDatabase'](database)).toEqual(answer);
  });

  it('passes the 1044 code through', async () => {
    const answer = { ok: false, code: 'database_access_denied', message: 'm', hint: 'h' };
    expect(await handlersAnswering(200, answer)['setup:testDatabase'](database)).toEqual(answer);
  });

  it('turns a code the backend does not declare into unknown', async () => {
    const answer = { ok: false, code: 'made_up_code', message: 'm', hint: 'h' };
    const result = await handlersAnswering(200, answer)['setup:testDatabase'](database);
    expect(result).toMatchObject({ ok: false, code: 'unknown' });
    expect(result.ok === false && result.message).toContain('unexpected form');
  });

  it('refuses a Dify code the backend never sends (once in the hand-written list)', async () => {
    const answer = { ok: false, code: 'timeout', message: 'm', hint: 'h' };
    const result = await handlersAnswering(200, answer)['setup:testDify']({
      difyApiUrl: 'https://dify.example.com/v1',
      keyField: 'backend.externalApis.difyApiKey',
      apiKey: 'app-key',
    });
    expect(result).toMatchObject({ ok: false, code: 'unknown' });
  });

  it('refuses a success answer missing a field', async () => {
    const result = await handlersAnswering(200, { ok: true, status: 200 })['setup:testAuth']({
      authApiUrl: 'https://auth.example.com',
    });
    expect(result).toMatchObject({ ok: false, code: 'unknown' });
  });
});
