'use client';
// The cluster every page shows; chosen in the top bar, remembered in localStorage.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

const ClusterContext = createContext<{ clusterId: string; setClusterId: (id: string) => void }>({ clusterId: 'built-in', setClusterId: () => {} });

export function ClusterProvider({ children }: { children: ReactNode }) {
  const [clusterId, setClusterIdState] = useState('built-in');
  useEffect(() => {
    const saved = localStorage.getItem('samsa-cluster');
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
