import { useState, type DragEvent } from 'react';
import { useClient } from '../../api/client-context.tsx';
import { useToasts } from '../../app/toast-context.tsx';

/** Drop targets for folders; paths come from the desktop preload, a plain browser has none. */
export function useFolderDrop(onAdd: (path: string) => Promise<void>) {
  const client = useClient();
  const { show } = useToasts();
  const [over, setOver] = useState(false);

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

  return {
    over,
    handlers: {
      onDragOver(e: DragEvent) {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      },
      onDragLeave(e: DragEvent) {
        if (e.currentTarget === e.target) setOver(false);
      },
      async onDrop(e: DragEvent) {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(false);
        const paths = Array.from(e.dataTransfer.files).map((f) => client.pathForFile(f)).filter((p): p is string => !!p);
        if (paths.length === 0) {
          show('info', 'Dropped folders need the desktop app', 'Type the folder path instead.');
          return;
        }
        for (const p of paths) await onAdd(p).catch(() => {});
      },
    },
  };
}
