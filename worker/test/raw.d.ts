/** A file's text (Vite's `?raw` import): the migration test's fixture. */
declare module "*?raw" {
  const text: string;
  export default text;
}
