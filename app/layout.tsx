import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "@/components/providers";
import { DemoBanner } from "@/components/demo-banner";
import { isDemoMode } from "@/lib/auth/mode";

export const metadata: Metadata = {
  title: { default: "trustmap", template: "%s · trustmap" },
  description: "Who can assume which AWS role from GitLab CI, approved and proven.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {isDemoMode() ? <DemoBanner /> : null}
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
