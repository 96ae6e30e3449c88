import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientProvider } from './api/client-context.tsx';
import { selectTransport } from './api/select-transport.ts';
import { App } from './app/app.tsx';
import { LibrariesProvider } from './app/libraries-context.tsx';
import { ReviewSessionProvider } from './app/review-session-context.tsx';
import { SettingsProvider } from './app/settings-context.tsx';
import { ToastProvider } from './app/toast-context.tsx';
import './styles/app.css';

const transport = selectTransport();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ToastProvider>
      <ClientProvider transport={transport}>
        <SettingsProvider>
          <LibrariesProvider>
            <ReviewSessionProvider>
              <App />
            </ReviewSessionProvider>
          </LibrariesProvider>
        </SettingsProvider>
      </ClientProvider>
    </ToastProvider>
  </StrictMode>,
);
