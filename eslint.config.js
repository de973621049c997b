import js from "@eslint/js";
import compat from "eslint-plugin-compat";
import tseslint from "typescript-eslint";

// The parts' boundaries (docs/ARCHITECTURE.md): the add-in and the Worker share code only through
// shared/, which depends on neither and on no platform; Office.js is reached only in
// addin/src/host/ and the pane entry, behind ExcelHost.
const OFFICE_GLOBALS = ["Office", "Excel", "OfficeExtension"];
// Tests may stand in for the Office global (the boot tests); shipped code may not.
const OFFICE_ONLY_IN = [
  "addin/src/host/**",
  "addin/src/pane/main.ts",
  "addin/src/pane/entry.ts",
  "addin/test/**",
];
const officeMessage =
  "Office.js is used only in addin/src/host/ and the pane entry: go through ExcelHost.";
const officeMember = OFFICE_GLOBALS.join("|");

const importsBanned = (...patterns) => ({
  "no-restricted-imports": ["error", { patterns }],
});
// The pane bundles addin/src and what it imports of shared/: classic zod there costs ~44 KB gzip
// of its 80 KB budget (addin/bundle.ts), so both use zod/mini. The Worker may use either.
const classicZod = {
  regex: "^zod(/v4(/classic)?)?$",
  message: 'The pane bundles this code: use zod/mini (import * as z from "zod/mini").',
};

const WORKER_SRC_BANS = [
  {
    regex: "(^|/)addin/",
    message: "The Worker does not depend on the add-in; shared code lives in shared/.",
  },
  {
    regex: "^node:|(^|/)node/",
    message:
      "worker/src runs on Workers and in the self-hosted server alike: no Node built-ins, no worker/node/ (the server adapts Node to the Worker's interfaces).",
  },
];

export default tseslint.config(
  {
    ignores: ["node_modules/", "dist/", ".wrangler/", ".dev/", ".tsbuild/", "coverage/", "vendor/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["addin/**/*.ts"],
    rules: importsBanned(
      {
        regex: "(^|/)worker/",
        message: "The add-in reaches the Worker over HTTP only; shared code lives in shared/.",
      },
      classicZod,
    ),
  },
  {
    files: ["worker/**/*.ts"],
    ignores: ["worker/src/**"],
    rules: importsBanned({
      regex: "(^|/)addin/",
      message: "The Worker does not depend on the add-in; shared code lives in shared/.",
    }),
  },
  {
    // The Worker itself runs on Cloudflare and, unchanged, in the self-hosted server
    // (worker/node/, which adapts Node to it): no Node built-ins and nothing of the server.
    files: ["worker/src/**/*.ts"],
    rules: importsBanned(...WORKER_SRC_BANS),
  },
  {
    // domain/ decides and returns its decisions and refusals as data (domain/refusal.ts); routes/
    // and services/ turn them into HTTP (problem+json), every domain file without exception.
    files: ["worker/src/domain/**/*.ts"],
    rules: importsBanned(...WORKER_SRC_BANS, {
      regex: "(^|/)http/|^hono(/|$)",
      message:
        "domain/ returns decisions and errors as data (discriminated unions); only routes/ and services/ build HTTP problems.",
    }),
  },
  {
    files: ["shared/**/*.ts"],
    ignores: ["shared/test/**", "shared/cli/**", "shared/vitest.config.ts"],
    rules: importsBanned(
      {
        regex: "(^|/)(worker|addin)/",
        message: "shared/ is used by the Worker and the add-in and depends on neither.",
      },
      {
        regex: "^node:",
        message:
          "shared/ runs in browsers, Workers and Node: no Node built-ins (tests and cli/ may).",
      },
      classicZod,
    ),
  },
  {
    files: ["**/*.ts"],
    ignores: OFFICE_ONLY_IN,
    rules: {
      "no-restricted-globals": [
        "error",
        ...OFFICE_GLOBALS.map((name) => ({ name, message: officeMessage })),
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: `MemberExpression[property.name=/^(${officeMember})$/]`,
          message: officeMessage,
        },
        {
          selector: `MemberExpression[computed=true][property.value=/^(${officeMember})$/]`,
          message: officeMessage,
        },
      ],
    },
  },
  {
    // What the pane's bundle runs (addin/src and the shared code it imports) uses no web API
    // newer than the browsers of .browserslistrc (eslint-plugin-compat, MDN's data). Tests,
    // tooling and the server's own code run elsewhere.
    ...compat.configs["flat/recommended"],
    files: ["addin/src/**/*.ts", "shared/**/*.ts"],
    // What addin/src/pane/polyfills.ts supplies where the browser lacks it (Edge Legacy), named
    // as the plugin names them (`Array.flat` is Array.prototype.flat).
    settings: {
      polyfills: [
        "globalThis",
        "Array.flat",
        "Array.flatMap",
        "Object.fromEntries",
        "String.matchAll",
      ],
    },
    ignores: ["shared/test/**", "shared/testing/**", "shared/cli/**", "shared/vitest.config.ts"],
  },
);
