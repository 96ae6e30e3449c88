import { useCallback, useEffect, useState } from 'react';

export type Route = 'libraries' | 'review' | 'trash' | 'recent' | 'settings';
const routes: Route[] = ['libraries', 'review', 'trash', 'recent', 'settings'];

function parse(hash: string): Route | null {
  const name = hash.replace(/^#\/?/, '');
  return (routes as string[]).includes(name) ? (name as Route) : null;
}

/** The screen lives in the URL hash so a reload (or a restart) comes back to it. */
export function useHashRoute(fallback: Route): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash) ?? fallback);
  useEffect(() => {
    const onHash = () => setRoute(parse(window.location.hash) ?? fallback);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [fallback]);
  const navigate = useCallback((next: Route) => {
    window.location.hash = `/${next}`;
  }, []);
  return [route, navigate];
}
