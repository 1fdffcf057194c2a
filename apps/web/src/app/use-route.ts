import { useCallback, useEffect, useState } from 'react';

/** Which community and channel are open, kept in the URL hash so a reload lands on the same place. */
export interface Route {
  communityId: string | null;
  channelId: string | null;
}

function parse(hash: string): Route {
  const [, communityId, channelId] = /^#\/c\/([^/]+)(?:\/([^/]+))?/.exec(hash) ?? [];
  return { communityId: communityId ?? null, channelId: channelId ?? null };
}

function format(route: Route): string {
  if (!route.communityId) return '#/';
  return `#/c/${route.communityId}${route.channelId ? `/${route.channelId}` : ''}`;
}

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: Route) => {
    const hash = format(next);
    if (hash !== window.location.hash) window.history.pushState(null, '', hash);
    setRoute(next);
  }, []);
  return [route, navigate];
}
