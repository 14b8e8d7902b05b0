import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TrpcProvider } from './trpc-provider.tsx';
import './globals.css';

export const metadata: Metadata = { title: 'Samsa', description: 'Kafka console' };

// Applies the saved theme before first paint, so dark mode never flashes light.
const themeScript = `try{var t=localStorage.getItem('samsa-theme');if(t)document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script of ours (the theme before first paint), never data */}
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <TrpcProvider>{children}</TrpcProvider>
      </body>
    </html>
  );
}
