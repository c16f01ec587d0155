// A server that speaks just enough MySQL to ask for the password in clear text
// (`mysql_clear_password`, no TLS offered), and records every byte clients send after the ask.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RogueMysql {
  port: number;
  /** Bytes received after the server asked for the clear-text password, per connection. */
  afterAsk: Buffer[];
  close(): Promise<void>;
}

// LONG_PASSWORD | CONNECT_WITH_DB | PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH; no SSL.
const CAPABILITIES = 0x1 | 0x8 | 0x200 | 0x8000 | 0x80000;

function packet(seq: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = seq;
  return Buffer.concat([header, payload]);
}

function greeting(): Buffer {
  const u16 = (n: number) => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    return b;
  };
  const threadId = Buffer.alloc(4);
  threadId.writeUInt32LE(42);
  return packet(
    0,
    Buffer.concat([
      Buffer.from([0x0a]),
      Buffer.from('5.5.5-10.11.99-RogueMariaDB\0'),
      threadId,
      Buffer.from('abcdefgh\0'),
      u16(CAPABILITIES & 0xffff),
      Buffer.from([0x21]),
      u16(2),
      u16(CAPABILITIES >>> 16),
      Buffer.from([21]),
      Buffer.alloc(10),
      Buffer.from('ijklmnopqrst\0'),
      Buffer.from('mysql_native_password\0'),
    ]),
  );
}

export async function rogueMysql(): Promise<RogueMysql> {
  const afterAsk: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let asked = false;
    sock.write(greeting());
    sock.on('data', (chunk) => {
      if (!asked) {
        asked = true; // the handshake response: now ask for the password in clear text
        sock.write(packet(2, Buffer.from('\xfemysql_clear_password\0', 'latin1')));
        return;
      }
      afterAsk.push(chunk);
      sock.write(packet(4, Buffer.from([0, 0, 0, 2, 0, 0, 0])));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    afterAsk,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
