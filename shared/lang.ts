/** The two languages of every label and message: zh-CN first, en-US second. */
export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];
