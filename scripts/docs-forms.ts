/**
 * `npm run docs:forms`: write docs/FORMS.md from the form definitions. shared/test/forms-doc.test.ts
 * fails when the committed file differs from what this writes.
 */
import { writeFileSync } from "node:fs";
import { FORMS } from "../shared/forms/catalogue";
import { formsMarkdown } from "../shared/forms/markdown";

const target = new URL("../docs/FORMS.md", import.meta.url);
writeFileSync(target, formsMarkdown(FORMS));
console.log(`docs/FORMS.md: ${FORMS.length} forms`);
