/** `npm run bridge -- [DATA_DIR]`: the review UI in a browser, for development and manual testing without Electron. */
import path from 'node:path';
import { defaultDataDir } from '../app-paths.ts';
import { startBridgeServer } from './bridge-server.ts';

const dataDir = path.resolve(process.argv[2] ?? defaultDataDir());
const bridge = await startBridgeServer({
  dataDir,
  rendererDir: path.resolve(import.meta.dirname, '../../../out/renderer'),
  port: Number(process.env.CRISP_BRIDGE_PORT ?? 0),
  log: (l) => process.stderr.write(`${l}\n`),
});
process.stderr.write(`Crisp review UI (library ${dataDir}):\n  ${bridge.url}\n`);
const stop = async () => {
  await bridge.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
