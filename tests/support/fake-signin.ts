// A company sign-in service as docs/auth-api.md describes one: POST {username, password}.
// Success is the documented nested shape; a wrong password is HTTP 200 `"success": false` with the
// service's own message (what the user must see). Usernames are recorded, passwords never.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SIGNIN_PASSWORD = `pw-${process.pid}-correct horse`;
export const WRONG_PASSWORD_MESSAGE = '帳號或密碼錯誤 (wrong user name or password)';
export const ACCOUNTS = [
  { username: 'alice', email: 'alice@example.com', name: 'Alice Chen' },
  { username: 'admin', email: 'Admin@Example.com', name: 'Ada Admin' },
];

export interface FakeSignIn {
  url: string;
  /** Usernames of the attempts, in order. */
  calls: string[];
  close(): Promise<void>;
}

export async function startFakeSignIn(): Promise<FakeSignIn> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let body: { username?: unknown; password?: unknown } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return reply(400, { success: false, message: 'username and password are required' });
      }
      const username = String(body.username ?? '');
      calls.push(username);
      const account = ACCOUNTS.find(
        (a) => a.username === username.toLowerCase() || a.email.toLowerCase() === username.toLowerCase(),
      );
      if (req.method !== 'POST') return reply(405, { message: 'Method not allowed' });
      if (!account || body.password !== SIGNIN_PASSWORD)
        return reply(200, { success: false, code: 40101, message: WRONG_PASSWORD_MESSAGE });
      reply(200, {
        success: true,
        code: 0,
        data: { token: 'company-token-ignored', user: { email: account.email, displayName: account.name } },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/auth/login`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
