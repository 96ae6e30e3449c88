import { useEffect, useRef, useState } from 'react';
import { useClient } from '../../api/client-context.tsx';
import { saveTextFile } from '../../app/save-text-file.ts';
import { useToasts } from '../../app/toast-context.tsx';

const formats = [
  { format: 'csv', label: 'CSV', hint: 'for spreadsheets', type: 'text/csv' },
  { format: 'json', label: 'JSON', hint: 'for scripts', type: 'application/json' },
] as const;

/** "Export ▾": the flagged list at the current threshold (and library filter) as CSV or JSON. */
export function ExportMenu({ threshold, libraryId }: { threshold: number | null; libraryId: number | undefined }) {
  const client = useClient();
  const { show } = useToasts();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    window.addEventListener('pointerdown', onPointer);
    root.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    return () => window.removeEventListener('pointerdown', onPointer);
  }, [open]);

  async function exportAs(entry: (typeof formats)[number]) {
    setOpen(false);
    if (threshold === null) return;
    try {
      const { fileName, content } = await client.call('photos:exportFlagged', {
        format: entry.format, threshold, ...(libraryId === undefined ? {} : { libraryId }),
      });
      saveTextFile(fileName, content, entry.type);
      show('success', `Saved ${fileName}`, 'The flagged list at the current threshold.');
    } catch {
      // Reported by the client.
    }
  }

  return (
    <div
      ref={root}
      className="menu-anchor"
      onKeyDown={(e) => {
        if (!open) return;
        if (e.key === 'Escape') { e.preventDefault(); setOpen(false); root.current?.querySelector('button')?.focus(); }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const items = [...(root.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
          const at = items.indexOf(document.activeElement as HTMLElement);
          items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
        }
      }}
    >
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} disabled={threshold === null} title="Export the flagged list">
        Export ▾
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="Export flagged list">
          {formats.map((f) => (
            <button key={f.format} type="button" role="menuitem" onClick={() => void exportAs(f)}>
              {f.label} <span className="menu-hint">{f.hint}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
