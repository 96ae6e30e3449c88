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
import { contentSecurityPolicy, withPolicyMeta } from './content-security-policy.ts';

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

/** The path with %-escapes decoded, or undefined when they are not valid UTF-8 (e.g. overlong `%c0%ae`). */
function decodedPath(p: string): string | undefined {
  try {
    return decodeURIComponent(p);
  } catch {
    return undefined;
  }
}

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

  const server = http.createServer((req, res) => {
    // Whatever a request holds, it gets an answer and the server stays up.
    serve(req, res).catch((err: Error) => {
      opts.log?.(`bridge: ${req.method} request failed: ${err.message}`);
      if (!res.headersSent) res.writeHead(500).end('internal error');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const headers = { 'Content-Security-Policy': contentSecurityPolicy('bridge'), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
    if (!url) {
      res.writeHead(400, headers).end('bad request');
      return;
    }
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
    const rel = url.pathname === '/' ? 'index.html' : decodedPath(url.pathname)?.replace(/^\/+/, '');
    const file = rel === undefined ? null : path.resolve(rendererDir, rel);
    const st = file?.startsWith(rendererDir + path.sep) ? await fs.promises.lstat(file).catch(() => null) : null;
    if (!file || !st?.isFile()) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    const body = await fs.promises.readFile(file);
    const type = staticTypes[path.extname(file)] ?? 'application/octet-stream';
    // The page's meta tag says what the header says.
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(type.startsWith('text/html') ? withPolicyMeta(body.toString('utf8'), headers['Content-Security-Policy']) : body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const port = (server.address() as { port: number }).port;
    const sameOrigin = !origin || origin === `http://127.0.0.1:${port}`;
    if (!url || url.pathname !== '/ipc' || !tokenOk(url) || !sameOrigin) {
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
  wss.on('error', (err) => opts.log?.(`bridge: websocket server: ${err.message}`));
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    // An oversized or malformed frame closes this socket (ws sends 1009 or 1007); it must not take the process down.
    ws.on('error', (err) => {
      opts.log?.(`bridge: websocket: ${err.message}`);
      clients.delete(ws);
    });
    ws.on('message', async (data) => {
      let msg: { type?: unknown; id?: unknown; channel?: unknown; request?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      if (msg === null || typeof msg !== 'object' || msg.type !== 'invoke' || typeof msg.id !== 'number' || typeof msg.channel !== 'string') return;
      const result = await dispatch(handlers, msg.channel, msg.request ?? undefined).catch((err: Error) => ({
        ok: false as const, error: { code: 'INTERNAL', message: err.message },
      }));
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
