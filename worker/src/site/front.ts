import { Hono } from "hono";
import { html } from "hono/html";
import { languageDetector } from "hono/language";
import type { HealthResponse } from "../../../shared/api/health";
import { API_BASE } from "../../../shared/api/schemas";
import type { AppEnv } from "../app-env";
import { FRONT_TEXT, type FrontText, type Lang, type Way } from "./front-text";
import { readHealth } from "./health";
import { serverOrigin } from "./manifest";
import { officeJsSource, type OfficeJsSetting } from "./office-js";
import { SITE_CSS } from "./site-css";

function installSection(t: FrontText, manifestUrl: string) {
  return html`<section aria-labelledby="install">
    <h2 id="install">${t.installHeading}</h2>
    <p>${t.installIntro}</p>
    ${t.ways.map(
      (way) =>
        html`<h3>${way.heading}</h3>
          <ol>
            ${way.steps.map((s) => html`<li>${s}</li>`)}
          </ol>`,
    )}
    <p>${t.orgWide(manifestUrl)}</p>
  </section>`;
}

/** One of the two ways in: for whom, what it does, where to start. */
function way(w: Way, href: string, id: string, primary: boolean) {
  return html`<section class="way" aria-labelledby="${id}">
    <h3 id="${id}">${w.heading}</h3>
    <p class="where">${w.where}</p>
    <p>${w.text}</p>
    <p><a class="${primary ? "button" : "secondary"}" href="${href}">${w.link}</a></p>
  </section>`;
}

function healthSection(t: FrontText, health: HealthResponse | null, officeJs: OfficeJsSetting) {
  const last = health?.migrations.at(-1);
  return html`<section aria-labelledby="health">
    <h2 id="health">${t.healthHeading}</h2>
    <dl>
      <dt>${t.status}</dt>
      <dd class="${health ? "ok" : "down"}">${health ? t.ok : t.down}</dd>
      <dt>${t.officeJs}</dt>
      <dd>${t.officeJsFrom[officeJs]}</dd>
      ${
        health
          ? html`<dt>${t.version}</dt>
              <dd>${health.version}</dd>
              <dt>${t.migrations}</dt>
              <dd>${last ? t.applied(health.migrations.length, last) : t.noneApplied}</dd>
              <dt>${t.time}</dt>
              <dd><time datetime="${health.time}">${t.clock(health.time)}</time></dd>`
          : ""
      }
    </dl>
    <p>${t.healthJson} <a href="${API_BASE}/health">${API_BASE}/health</a></p>
  </section>`;
}

/** The whole page: server-rendered, no script, one same-origin stylesheet (CSP default-src 'self'). */
export function renderFront(
  lang: Lang,
  origin: string,
  health: HealthResponse | null,
  /** The http origin the page was requested at, when it was not https. */
  insecure: string | null = null,
  /** Where the pane loads Office.js from (XXGK_OFFICE_JS). */
  officeJs: OfficeJsSetting = "microsoft",
) {
  const t = FRONT_TEXT[lang];
  const manifestUrl = `${origin}/manifest.xml`;
  const pane = lang === "zh" ? "/taskpane.html" : "/taskpane.html?lang=en";
  return html`<!doctype html>
    <html lang="${t.htmlLang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${t.title}</title>
        <link rel="stylesheet" href="/site.css" />
      </head>
      <body>
        <header>
          <nav>
            <a
              href="/?lang=${t.otherLang.lang}"
              lang="${t.otherLang.htmlLang}"
              hreflang="${t.otherLang.htmlLang}"
              >${t.otherLang.label}</a
            >
          </nav>
          <h1>${t.title}</h1>
          <p class="tagline">${t.tagline}</p>
        </header>
        <main>
          <section aria-labelledby="ways">
            <h2 id="ways">${t.waysHeading}</h2>
            ${way(t.browserWay, pane, "browser-way", true)}
            ${way(t.addinWay, "#manifest", "addin-way", false)}
            <p>${t.httpsNote}</p>
            ${insecure ? html`<p class="warning" role="note">${t.insecure(insecure)}</p>` : ""}
            ${t.what.map((p) => html`<p>${p}</p>`)}
          </section>
          <section aria-labelledby="manifest">
            <h2 id="manifest">${t.manifestHeading}</h2>
            <p>${t.manifestText(origin)}</p>
            <p>
              <a class="button" href="/manifest.xml" download="manifest.xml">${t.manifestLink}</a>
            </p>
          </section>
          ${installSection(t, manifestUrl)} ${healthSection(t, health, officeJs)}
        </main>
      </body>
    </html>`;
}

/** `GET /` (the front page, zh-CN or en-US by ?lang= or Accept-Language) and `GET /site.css`. */
export const frontApp = new Hono<AppEnv>();

frontApp.get(
  "/",
  languageDetector({
    supportedLanguages: ["zh", "en"],
    fallbackLanguage: "zh",
    order: ["querystring", "header"],
    caches: false,
  }),
  async (c) => {
    const lang: Lang = c.get("language") === "en" ? "en" : "zh";
    const health = await readHealth(c.env.DB).catch(() => null);
    const url = new URL(c.req.url);
    const insecure = url.protocol === "http:" ? url.origin : null;
    const officeJs = officeJsSource(c.env.XXGK_OFFICE_JS).setting;
    const page = await renderFront(lang, serverOrigin(c.req.url), health, insecure, officeJs);
    return c.html(page, 200, {
      "Content-Language": FRONT_TEXT[lang].htmlLang,
      Vary: "Accept-Language",
      "Cache-Control": "no-cache",
    });
  },
);

frontApp.get("/site.css", () => {
  return new Response(SITE_CSS, {
    headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
});
