// `node --import ./worker/node/xml-hooks.mjs`: XML files imported as text, as wrangler.toml's
// [[rules]] (type "Text") bundle them for the Worker (the add-in manifest template). This file
// registers itself as a module hook; its `load` runs in Node's loader thread.
import { readFile } from "node:fs/promises";
import { register } from "node:module";
import { fileURLToPath } from "node:url";

register(import.meta.url);

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !url.endsWith(".xml")) return nextLoad(url, context);
  const text = await readFile(fileURLToPath(url), "utf8");
  return {
    format: "module",
    source: `export default ${JSON.stringify(text)};`,
    shortCircuit: true,
  };
}
