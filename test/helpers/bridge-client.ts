import WebSocket from 'ws';
import { startBridgeServer, type RunningBridge } from '../../src/main/bridge/bridge-server.ts';
import { tempDir } from './photo-factory.ts';
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

  /** Waits for a scan:progress event saying a scan finished. */
  async waitForScanDone(timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!this.eventsOf('scan:progress').some((p) => p.stage === 'done')) {
      if (Date.now() > end) throw new Error('timed out waiting for the scan to finish');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** A bridge on a fresh data dir (real engine, private trash), a connected client, and `root` added and scanned. */
export async function bridgeWithLibrary(root: string, dataDir = tempDir()): Promise<{ bridge: RunningBridge; client: BridgeClient; dataDir: string }> {
  const bridge = await startBridgeServer({ dataDir, rendererDir: tempDir() });
  const client = await BridgeClient.connect(bridge.port, bridge.token);
  await client.call('libraries:add', { path: root });
  await client.waitForScanDone();
  return { bridge, client, dataDir };
}
