// Small real HTTP servers on 127.0.0.1 standing in for Dify and the company's sign-in API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  url: string;
  requests: Array<{ method: string; path: string; auth?: string }>;
  close(): Promise<void>;
}

async function serve(
  handler: http.RequestListener,
  requests: FakeServer['requests'],
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', auth: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Dify: GET /v1/parameters with a known Bearer key; the STT key's app has speech-to-text off. */
export async function fakeDify(keys: {
  appKey: string;
  sttKey: string;
  sttEnabledForSttKey?: boolean;
}): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const s = await serve((req, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (req.url?.split('?')[0] !== '/v1/parameters')
      return json(res, 404, { code: 'not_found', message: 'Not found', status: 404 });
    if (key !== keys.appKey && key !== keys.sttKey) {
      return json(res, 401, { code: 'unauthorized', message: 'Access token is invalid', status: 401 });
    }
    const enabled = key === keys.appKey ? true : (keys.sttEnabledForSttKey ?? true);
    json(res, 200, {
      opening_statement: '',
      suggested_questions: [],
      speech_to_text: { enabled },
      text_to_speech: { enabled: false },
      file_upload: { image: { enabled: false } },
      system_parameters: { file_size_limit: 15 },
    });
  }, requests);
  return { url: `${s.url}/v1`, requests, close: s.close };
}

/** The company sign-in API: answers 200 on its base URL and /health. */
export async function fakeAuth(): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const s = await serve((_req, res) => json(res, 200, { status: 'ok' }), requests);
  return { url: `${s.url}/api`, requests, close: s.close };
}

/** A company's Meeting Assistant server (server mode): GET <base>/health answers ok. */
export async function fakeCompanyServer(): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const s = await serve((req, res) => {
    if (req.url?.split('?')[0] === '/api/health') {
      return json(res, 200, { status: 'ok', mode: 'normal', version: '9.9.9-company', database: 'ok' });
    }
    json(res, 404, { detail: 'Not Found' });
  }, requests);
  return { url: `${s.url}/api`, requests, close: s.close };
}
