import { ModalDialog } from '../../app/modal-dialog.tsx';
import { shortcutGroups } from './review-shortcuts.ts';

export function ShortcutSheet({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <ModalDialog open={open} title="Keyboard shortcuts" onClose={onClose} className="shortcut-sheet">
      <div className="shortcut-groups">
        {shortcutGroups.map((group) => (
          <section key={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.shortcuts.map((s) => (
                <div key={s.action} className="shortcut">
                  <dt>{s.keys.map((k, i) => <span key={k}>{i > 0 && ' or '}<kbd>{k}</kbd></span>)}</dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="modal-actions">
        <button type="button" className="primary" data-autofocus onClick={onClose}>Done</button>
      </div>
    </ModalDialog>
  );
}
