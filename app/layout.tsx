import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import "./globals.css";
import { Providers } from "@/components/providers";
import { DemoBanner } from "@/components/demo-banner";
import { SkipLink } from "@/components/skip-link";
import { isDemoMode } from "@/lib/auth/mode";

export const metadata: Metadata = {
  title: { default: "trustmap", template: "%s · trustmap" },
  description: "Who can assume which AWS role from GitLab CI, approved and proven.",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "32x32" },
      { url: "/logo.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1d4ed8" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the Content-Security-Policy's nonce (proxy.ts) is new each
  // time and Next stamps it on its scripts while rendering, which a page prerendered at build
  // time cannot have (its scripts would be refused). The demo banner is decided at run time too.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <SkipLink />
        {isDemoMode() ? <DemoBanner /> : null}
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
