import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerChannel, WorkerSpawner } from './scorer-host.ts';
import type { HostToWorker, WorkerToHost } from './scorer-protocol.ts';

const workerModule = fileURLToPath(new URL('./scorer-worker.ts', import.meta.url));

/** Runs the scorer module as a Node child process (CLI and tests). Its stdout goes to our stderr: stdout belongs to --json. */
export function nodeScorerSpawner(env: NodeJS.ProcessEnv = process.env, { ownProcessGroup = true }: { ownProcessGroup?: boolean } = {}): WorkerSpawner {
  return () => {
    const child = fork(workerModule, [], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      serialization: 'advanced',
      stdio: ['ignore', 2, 2, 'ipc'],
      env,
      // Its own process group, so that when it dies its exiftool (perl) children can be ended with it.
      detached: ownProcessGroup && process.platform !== 'win32',
    });
    let exitHandlers: ((reason: string) => void)[] = [];
    let exited: string | null = null;
    const fire = (reason: string) => {
      if (exited !== null) return;
      exited = reason;
      for (const cb of exitHandlers) cb(reason);
      exitHandlers = [];
    };
    child.on('exit', (code, signal) => {
      if (child.pid && ownProcessGroup && process.platform !== 'win32') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // nothing left in the group
        }
      }
      fire(signal ? `killed by ${signal}` : `exit code ${code}`);
    });
    child.on('error', (err) => fire(err.message));
    const channel: WorkerChannel = {
      pid: child.pid,
      send: (msg: HostToWorker) => {
        if (child.connected) child.send(msg);
      },
      onMessage: (cb) => child.on('message', (m) => cb(m as WorkerToHost)),
      onExit: (cb) => {
        if (exited !== null) cb(exited);
        else exitHandlers.push(cb);
      },
      kill: () => child.kill('SIGKILL'),
    };
    return channel;
  };
}
