'use client';
import { useEffect, useState } from 'react';

export function ThemeToggle() {
  const [theme, setTheme] = useState<'light' | 'dark' | null>(null);
  useEffect(() => {
    const current = document.documentElement.dataset.theme;
    setTheme(
      current === 'dark' || current === 'light' ? current : window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    );
  }, []);
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('samsa-theme', next);
    setTheme(next);
  };
  return (
    <button type="button" className="secondary" onClick={toggle} aria-label="Toggle dark mode">
      {theme === 'dark' ? 'Light mode' : 'Dark mode'}
    </button>
  );
}
