import { useToasts } from './toast-context.tsx';

export function ToastHost() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toast-host" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <div className="toast-text">
            <strong>{t.message}</strong>
            {t.detail && <span className="toast-detail">{t.detail}</span>}
          </div>
          <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
