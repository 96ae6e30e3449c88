import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../../shared/ipc-contract.ts';
import { AppServices } from '../app/app-services.ts';
import { createHandlers, dispatch } from '../app/ipc-handlers.ts';
import { parseMediaPath } from '../app/media-resolver.ts';
import { freedesktopTrasher } from '../trash/freedesktop-trasher.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';

export interface BridgeOptions {
  dataDir: string;
  rendererDir: string;
  /** Where trashed files go; a private freedesktop trash under dataDir unless given. */
  trashDir?: string;
  port?: number;
  log?: (line: string) => void;
}

export interface RunningBridge {
  url: string;
  port: number;
  token: string;
  app: AppServices;
  close(): Promise<void>;
}

const staticTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon',
};

/**
 * The renderer in a plain browser: serves the built UI on 127.0.0.1 and carries the same IPC
 * contract to the same handlers over a WebSocket, guarded by a random token in the URL.
 */
export async function startBridgeServer(opts: BridgeOptions): Promise<RunningBridge> {
  const token = crypto.randomBytes(24).toString('hex');
  const trashDir = opts.trashDir ?? path.join(opts.dataDir, 'Trash');
  const app = new AppServices({
    dataDir: opts.dataDir,
    trasher: freedesktopTrasher(trashDir),
    trashName: `the bridge's trash folder ${trashDir}`,
    log: opts.log,
  });
  await app.resumeWatchers();
  const handlers = createHandlers(app);
  const rendererDir = path.resolve(opts.rendererDir);
  const tokenOk = (url: URL) => {
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const want = Buffer.from(token);
    return given.length === want.length && crypto.timingSafeEqual(given, want);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'Content-Security-Policy': contentSecurityPolicy('bridge'), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    // Photos may be cached briefly, so the neighbours the review preloads are reused when shown.
    const mediaCache = { 'Cache-Control': 'private, max-age=300' };
    if (req.method !== 'GET') {
      res.writeHead(405, headers).end();
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      if (!tokenOk(url)) {
        res.writeHead(403, headers).end('forbidden');
        return;
      }
      const ref = parseMediaPath(url.pathname.slice('/media'.length));
      const media = ref ? await app.media.resolve(ref.kind, ref.id) : null;
      if (!media) {
        res.writeHead(404, headers).end('not found');
        return;
      }
      res.writeHead(200, { ...headers, ...mediaCache, 'Content-Type': media.contentType }).end(media.body);
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': staticTypes[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const port = (server.address() as { port: number }).port;
    const sameOrigin = !origin || origin === `http://127.0.0.1:${port}`;
    if (url.pathname !== '/ipc' || !tokenOk(url) || !sameOrigin) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const clients = new Set<WebSocket>();
  for (const event of eventNames) {
    app.events.on(event, (payload: unknown) => {
      const frame = JSON.stringify({ type: 'event', event, payload });
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
    });
  }
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', async (data) => {
      let msg: { type?: unknown; id?: unknown; channel?: unknown; request?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      if (msg.type !== 'invoke' || typeof msg.id !== 'number' || typeof msg.channel !== 'string') return;
      const result = await dispatch(handlers, msg.channel, msg.request ?? undefined);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id: msg.id, result }));
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    app,
    async close() {
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
