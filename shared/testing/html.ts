/** Reading parsed HTML (parse5's tree) in tests of the published reports. */
import type { DefaultTreeAdapterTypes as T } from "parse5";

/** Every element with this tag below `node`, in document order. */
export function elements(node: T.ParentNode, tag: string): T.Element[] {
  const out: T.Element[] = [];
  for (const child of node.childNodes) {
    if (!("tagName" in child)) continue;
    if (child.tagName === tag) out.push(child);
    out.push(...elements(child, tag));
  }
  return out;
}

/** The text of a node, as a reader sees it. */
export function text(node: T.Node): string {
  if (node.nodeName === "#text") return (node as T.TextNode).value;
  return "childNodes" in node ? node.childNodes.map(text).join("") : "";
}
