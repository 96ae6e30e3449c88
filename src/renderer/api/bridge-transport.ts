import type { Channel, CrispApi, EventName, IpcEvents, IpcResult, RequestOf, ResponseOf } from '../../shared/ipc-contract.ts';

type ServerFrame =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: EventName; payload: unknown };

interface Pending {
  resolve(result: IpcResult<unknown>): void;
}

const RECONNECT_MS = [250, 500, 1000, 2000, 4000];

/**
 * CrispApi over the bridge's WebSocket, for the renderer running in a plain browser (tests, dev).
 * The token comes from the page URL, the socket lives on the page's own host and port.
 */
export function createBridgeTransport(location: Location): CrispApi {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socketUrl = `${scheme}://${location.host}/ipc?token=${encodeURIComponent(token)}`;

  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const outbox: string[] = [];
  let nextId = 1;
  let attempts = 0;
  let socket = connect();

  function connect(): WebSocket {
    const ws = new WebSocket(socketUrl);
    ws.addEventListener('open', () => {
      attempts = 0;
      for (const frame of outbox.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (e) => receive(String(e.data)));
    ws.addEventListener('close', () => {
      // Calls in flight can't be answered by a new socket: fail them rather than hang the UI.
      outbox.length = 0;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'Lost the connection to Crisp' } });
      }
      const delay = RECONNECT_MS[Math.min(attempts++, RECONNECT_MS.length - 1)];
      setTimeout(() => { socket = connect(); }, delay);
    });
    return ws;
  }

  function receive(text: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'result') {
      const p = pending.get(frame.id);
      pending.delete(frame.id);
      p?.resolve(frame.result);
    } else if (frame.type === 'event') {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload as never);
    }
  }

  function send(frame: string): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    else outbox.push(frame);
  }

  return {
    invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        send(JSON.stringify({ type: 'invoke', id, channel, request: request ?? null }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => { set.delete(listener); };
    },
    mediaUrl(kind: 'thumb' | 'photo', photoId: number): string {
      return `${location.origin}/media/${kind}/${photoId}?token=${encodeURIComponent(token)}`;
    },
  };
}
