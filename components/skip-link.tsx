/** The first thing a keyboard user reaches: jumps past the banner and navigation to the page's <main id="main">. */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:font-medium focus:text-blue-900 focus:shadow"
    >
      Skip to main content
    </a>
  );
}
