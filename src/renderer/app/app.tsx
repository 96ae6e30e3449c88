import { useEffect, useRef } from 'react';
import { LibrariesScreen } from '../screens/libraries/libraries-screen.tsx';
import { ReviewScreen } from '../screens/review/review-screen.tsx';
import { SettingsScreen } from '../screens/settings/settings-screen.tsx';
import { RecentlyTrashedScreen } from '../screens/trash/recently-trashed-screen.tsx';
import { TrashReviewScreen } from '../screens/trash/trash-review-screen.tsx';
import { NavSidebar } from './nav-sidebar.tsx';
import { useReviewSession } from './review-session-context.tsx';
import { ToastHost } from './toast-host.tsx';
import { useHashRoute, type Route } from './use-hash-route.ts';

const byDigit: Record<string, Route> = { 1: 'libraries', 2: 'review', 3: 'trash', 4: 'recent', 5: 'settings' };

export function App() {
  const [route, navigate] = useHashRoute('libraries');
  const { setFilters, setMode } = useReviewSession();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && byDigit[e.key]) {
        e.preventDefault();
        navigate(byDigit[e.key]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  useEffect(() => {
    const titles: Record<Route, string> = { libraries: 'Libraries', review: 'Review', trash: 'Trash review', recent: 'Recently trashed', settings: 'Settings' };
    document.title = `${titles[route]} — Crisp`;
    // Keyboard users land in the new screen, not on the nav link they left behind.
    const target = document.querySelector<HTMLElement>('[data-autofocus]') ?? main.current;
    if (!document.activeElement || document.activeElement === document.body || document.activeElement.closest('.sidebar')) target?.focus();
  }, [route]);

  return (
    <div className="app-shell">
      <NavSidebar route={route} onNavigate={navigate} />
      <main ref={main} className="app-main" tabIndex={-1}>
        {route === 'libraries' && (
          <LibrariesScreen onReview={(libraryId) => { setFilters({ libraryId }); setMode('grid'); navigate('review'); }} />
        )}
        {route === 'review' && <ReviewScreen onOpenTrash={() => navigate('trash')} onOpenLibraries={() => navigate('libraries')} />}
        {route === 'trash' && <TrashReviewScreen onBack={() => navigate('review')} onRecent={() => navigate('recent')} />}
        {route === 'recent' && <RecentlyTrashedScreen />}
        {route === 'settings' && <SettingsScreen />}
      </main>
      <ToastHost />
    </div>
  );
}
