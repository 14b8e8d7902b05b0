'use client';
// The cluster every page shows; chosen in the top bar, remembered in localStorage. A `?cluster=<id>` in the
// address wins over the remembered choice, so a shared link opens the cluster it was made on.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export const defaultClusterId = 'built-in';

const ClusterContext = createContext<{ clusterId: string; setClusterId: (id: string) => void }>({
  clusterId: defaultClusterId,
  setClusterId: () => {},
});

export function ClusterProvider({ children }: { children: ReactNode }) {
  const [clusterId, setClusterIdState] = useState(defaultClusterId);
  useEffect(() => {
    const fromAddress = new URLSearchParams(window.location.search).get('cluster');
    const saved = fromAddress || localStorage.getItem('samsa-cluster');
    if (fromAddress) localStorage.setItem('samsa-cluster', fromAddress);
    if (saved) setClusterIdState(saved);
  }, []);
  const setClusterId = (id: string) => {
    localStorage.setItem('samsa-cluster', id);
    setClusterIdState(id);
  };
  return <ClusterContext.Provider value={{ clusterId, setClusterId }}>{children}</ClusterContext.Provider>;
}

export function useClusterId() {
  return useContext(ClusterContext);
}
