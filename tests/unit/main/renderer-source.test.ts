// The window's URL decision (electron/main/renderer-source.ts): a packaged app ignores every
// development switch.
import { describe, expect, it } from 'vitest';
import { decideRendererSource } from '../../../electron/main/renderer-source';

const APP = {
  pageUrl: 'app://meeting-assistant/index.html',
  appOrigin: { appUrl: 'app://meeting-assistant' },
  corsOrigins: ['app://meeting-assistant'],
  devServerUrl: null,
};

describe('decideRendererSource', () => {
  it('packaged: the app page, whatever VITE_DEV_SERVER_URL says', () => {
    for (const url of ['http://localhost:5173/', 'https://evil.example/', 'http://127.0.0.1:4000/'])
      expect(decideRendererSource({ packaged: true, env: { VITE_DEV_SERVER_URL: url } })).toEqual(APP);
  });

  it('development: the Vite dev server, trusted for IPC and allowed by the backend CORS', () => {
    expect(
      decideRendererSource({ packaged: false, env: { VITE_DEV_SERVER_URL: 'http://localhost:5173/' } }),
    ).toEqual({
      pageUrl: 'http://localhost:5173/',
      appOrigin: { appUrl: 'app://meeting-assistant', devServerUrl: 'http://localhost:5173/' },
      corsOrigins: ['app://meeting-assistant', 'http://localhost:5173'],
      devServerUrl: 'http://localhost:5173/',
    });
  });

  it('development without a dev server, or with one that is not on this computer: the app page', () => {
    for (const url of [
      undefined,
      '',
      'https://evil.example/',
      'file:///tmp/x.html',
      'http://u:p@localhost:5173/',
    ])
      expect(decideRendererSource({ packaged: false, env: { VITE_DEV_SERVER_URL: url } })).toEqual(APP);
  });
});
