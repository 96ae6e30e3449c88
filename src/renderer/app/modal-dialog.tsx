import { useEffect, useRef, type ReactNode } from 'react';
import { deliberateKeyLabel, useDeliberateEnter } from './deliberate-key.ts';

interface Props {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
}

/** A native modal <dialog>: the browser traps focus, makes the page inert and closes on Escape. */
export function ModalDialog({ open, title, onClose, children, className }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // React's autoFocus fires before the dialog is shown, so showModal would pick the first button.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-label={title}
      onCancel={(e) => { e.preventDefault(); onClose(); }}
      onClick={(e) => { if (e.target === ref.current) onClose(); }}
    >
      {open && (
        <div className="modal-body">
          <h2>{title}</h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

interface ConfirmProps {
  open: boolean;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ReactNode;
}

/** A confirmation whose default (focused) button is Cancel; confirming takes a click or Ctrl+Enter. */
export function ConfirmDialog({ open, title, confirmLabel, danger, busy, onConfirm, onCancel, children }: ConfirmProps) {
  useDeliberateEnter(open && !busy, onConfirm);
  return (
    <ModalDialog open={open} title={title} onClose={onCancel}>
      <div className="modal-content">{children}</div>
      <div className="modal-actions">
        <button type="button" data-autofocus onClick={onCancel} disabled={busy}>Cancel</button>
        <button type="button" className={danger ? 'danger' : 'primary'} disabled={busy} onClick={onConfirm} aria-keyshortcuts="Control+Enter Meta+Enter">
          {busy ? 'Working…' : confirmLabel} <kbd className="key-hint">{deliberateKeyLabel}</kbd>
        </button>
      </div>
    </ModalDialog>
  );
}
