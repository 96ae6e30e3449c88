import { formatCount } from '../format/format-time.ts';
import { useLibraries } from './libraries-context.tsx';
import { useReviewSession } from './review-session-context.tsx';
import type { Route } from './use-hash-route.ts';

const items: { route: Route; label: string; key: string }[] = [
  { route: 'libraries', label: 'Libraries', key: '1' },
  { route: 'review', label: 'Review', key: '2' },
  { route: 'trash', label: 'Trash review', key: '3' },
  { route: 'recent', label: 'Recently trashed', key: '4' },
  { route: 'settings', label: 'Settings', key: '5' },
];

export function NavSidebar({ route, onNavigate }: { route: Route; onNavigate(route: Route): void }) {
  const { libraries, progress } = useLibraries();
  const { trashCount } = useReviewSession();
  const flagged = libraries?.reduce((n, l) => n + l.flaggedCount, 0) ?? 0;
  const scanning = [...progress.values()].some((p) => p.stage === 'walking' || p.stage === 'scoring');
  const counts: Partial<Record<Route, number>> = { review: flagged, trash: trashCount };
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark" />
        <span className="brand-name">Crisp</span>
      </div>
      <ul>
        {items.map((item) => (
          <li key={item.route}>
            <a
              href={`#/${item.route}`}
              className={route === item.route ? 'active' : undefined}
              aria-current={route === item.route ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${item.key}`}
              onClick={(e) => { e.preventDefault(); onNavigate(item.route); }}
            >
              <span>{item.label}</span>
              {item.route === 'libraries' && scanning && <span className="nav-dot" title="Scanning" />}
              {counts[item.route] ? <span className="nav-count">{formatCount(counts[item.route]!)}</span> : null}
            </a>
          </li>
        ))}
      </ul>
      <p className="sidebar-hint">Alt+1–5 switch screens · ? shortcuts</p>
    </nav>
  );
}
