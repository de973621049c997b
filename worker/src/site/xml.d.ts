// XML files are imported as text: wrangler.toml's [[rules]] (type "Text") bundles them as text
// modules, and the vitest workers pool applies the same rules.
declare module "*.xml" {
  const text: string;
  export default text;
}
