import { utilityProcess } from 'electron';
import type { WorkerChannel, WorkerSpawner } from '../scoring/scorer-host.ts';
import type { HostToWorker, WorkerToHost } from '../scoring/scorer-protocol.ts';

/** Runs the scorer module (the same one the CLI forks) as an Electron utilityProcess. */
export function utilityScorerSpawner(workerJs: string): WorkerSpawner {
  return () => {
    const child = utilityProcess.fork(workerJs, [], { serviceName: 'Crisp scorer', stdio: 'inherit' });
    let exited: string | null = null;
    let handlers: ((reason: string) => void)[] = [];
    child.on('exit', (code) => {
      exited = `exit code ${code}`;
      for (const cb of handlers) cb(exited);
      handlers = [];
    });
    const channel: WorkerChannel = {
      get pid() {
        return child.pid;
      },
      send: (msg: HostToWorker) => {
        if (exited === null) child.postMessage(msg);
      },
      onMessage: (cb) => child.on('message', (m) => cb(m as WorkerToHost)),
      onExit: (cb) => {
        if (exited !== null) cb(exited);
        else handlers.push(cb);
      },
      kill: () => {
        child.kill();
      },
    };
    return channel;
  };
}
