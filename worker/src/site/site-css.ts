/**
 * The front page's stylesheet, served as /site.css: a CSP of default-src 'self' forbids inline
 * styles. Plain and readable: system CJK fonts, a narrow column, strong contrast, visible focus.
 */
export const SITE_CSS = `:root {
  color-scheme: light;
  --ink: #1f2328;
  --muted: #57606a;
  --accent: #0b5cad;
  --line: #d0d7de;
}
* { box-sizing: border-box; }
body {
  margin: 0 auto;
  max-width: 46rem;
  padding: 1.5rem 1.25rem 3rem;
  font-family: "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
    system-ui, sans-serif;
  font-size: 1rem;
  line-height: 1.7;
  color: var(--ink);
  background: #fff;
}
header { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; }
header nav { text-align: right; }
h1 { font-size: 1.75rem; margin: 0.25rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; }
.tagline { color: var(--muted); margin-top: 0; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
a.button {
  display: inline-block;
  padding: 0.5rem 1rem;
  border-radius: 4px;
  background: var(--accent);
  color: #fff;
  font-weight: 600;
  text-decoration: none;
}
.way { border: 1px solid var(--line); border-radius: 6px; padding: 0.25rem 1rem; margin: 1rem 0; }
.way .where { color: var(--muted); }
a.secondary { font-weight: 600; }
.warning { border-left: 4px solid #9a6700; background: #fff8c5; padding: 0.5rem 0.75rem; }
ol { padding-left: 1.5rem; }
li { margin: 0.2rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { color: var(--muted); }
dd { margin: 0; }
dd.ok { color: #1a7f37; font-weight: 600; }
dd.down { color: #cf222e; font-weight: 600; }
.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}
`;
