import WebSocket from 'ws';
import type { Channel, EventName, IpcEvents, IpcResult, RequestOf, ResponseOf } from '../../src/shared/ipc-contract.ts';

/** A Node client for the bridge's WebSocket protocol, for tests of the main-side handlers. */
export class BridgeClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: IpcResult<unknown>) => void>();
  readonly events: { event: EventName; payload: unknown }[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'result') this.pending.get(msg.id)?.(msg.result);
      else if (msg.type === 'event') this.events.push({ event: msg.event, payload: msg.payload });
    });
  }

  static connect(port: number, token: string): Promise<BridgeClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc?token=${token}`, { origin: `http://127.0.0.1:${port}` });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new BridgeClient(ws)));
      ws.once('error', reject);
    });
  }

  raw(channel: string, request: unknown): Promise<IpcResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ type: 'invoke', id, channel, request }));
    });
  }

  async call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const r = await this.raw(channel, request);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as ResponseOf<C>;
  }

  eventsOf<E extends EventName>(event: E): IpcEvents[E][] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as IpcEvents[E]);
  }

  close(): void {
    this.ws.close();
  }
}
