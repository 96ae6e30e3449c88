import os from 'node:os';
import path from 'node:path';

/** The folder Electron's app.getPath('userData') gives for Crisp, so the CLI and the app share one library. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CRISP_DATA_DIR) return env.CRISP_DATA_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Crisp');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Crisp');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Crisp');
}

export function defaultDatabasePath(): string {
  return path.join(defaultDataDir(), 'library.db');
}

/** Thumbnails are content-addressed, so libraries in one folder can share them. */
export function thumbDirFor(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 'thumbs');
}
