/**
 * A small, strict XML well-formedness checker for the tests (independent of the renderer): one root
 * element, properly nested and closed tags, quoted attributes without raw `<`, no duplicate attributes,
 * and only the five predefined or numeric entity references. Returns the decoded text nodes.
 */
const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*$/;

function decodeEntities(s: string, where: string): string {
  return s.replace(/&([^;&\s]*);?/g, (m, body: string) => {
    if (!m.endsWith(";")) throw new Error(`unterminated entity reference in ${where}: ${m}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (body in named) return named[body]!;
    const num = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(body);
    if (num)
      return String.fromCodePoint(
        num[1]!.startsWith("x") ? Number.parseInt(num[1]!.slice(1), 16) : Number(num[1]),
      );
    throw new Error(`unknown entity &${body}; in ${where}`);
  });
}

export interface XmlSummary {
  root: string;
  elements: number;
  texts: string[];
}

export function checkWellFormedXml(xml: string): XmlSummary {
  const stack: string[] = [];
  const texts: string[] = [];
  let root: string | undefined;
  let rootClosed = false;
  let elements = 0;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt === -1 ? n : lt);
    if (text.length > 0) {
      if (stack.length === 0 && text.trim() !== "")
        throw new Error(`text outside the root element: ${text.slice(0, 40)}`);
      const decoded = decodeEntities(text, "text");
      if (decoded.trim() !== "") texts.push(decoded);
    }
    if (lt === -1) break;
    if (xml.startsWith("<?", lt)) {
      const end = xml.indexOf("?>", lt);
      if (end === -1) throw new Error("unterminated processing instruction");
      i = end + 2;
      continue;
    }
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt);
      if (end === -1) throw new Error("unterminated comment");
      i = end + 3;
      continue;
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt);
      if (end === -1 || stack.length === 0) throw new Error("bad CDATA section");
      texts.push(xml.slice(lt + 9, end));
      i = end + 3;
      continue;
    }
    if (xml.startsWith("<!", lt)) throw new Error("unexpected declaration");
    const gt = findTagEnd(xml, lt);
    const inner = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`closing </${name}> does not match <${open}>`);
      if (stack.length === 0) rootClosed = true;
      continue;
    }
    const selfClosing = inner.endsWith("/");
    const body = selfClosing ? inner.slice(0, -1) : inner;
    const m = /^([^\s/>]+)/.exec(body);
    if (!m || !NAME.test(m[1]!)) throw new Error(`bad tag name in <${inner.slice(0, 40)}>`);
    const name = m[1]!;
    parseAttributes(body.slice(name.length), name);
    if (stack.length === 0) {
      if (root !== undefined) throw new Error("more than one root element");
      root = name;
    }
    elements++;
    if (!selfClosing) stack.push(name);
    else if (stack.length === 0) rootClosed = true;
  }
  if (stack.length > 0) throw new Error(`unclosed elements: ${stack.join(" > ")}`);
  if (!root || !rootClosed) throw new Error("no root element");
  return { root, elements, texts };
}

function findTagEnd(xml: string, lt: number): number {
  let quote: string | undefined;
  for (let k = lt + 1; k < xml.length; k++) {
    const c = xml[k]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "<") throw new Error("raw < inside an attribute value");
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return k;
    else if (c === "<") throw new Error("< inside a tag");
  }
  throw new Error("unterminated tag");
}

function parseAttributes(rest: string, tag: string): void {
  const seen = new Set<string>();
  const re = /\s+([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/y;
  let pos = 0;
  while (pos < rest.length) {
    if (/^\s*$/.test(rest.slice(pos))) return;
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (!m) throw new Error(`malformed attribute in <${tag}>: ${rest.slice(pos, pos + 40)}`);
    const name = m[1]!;
    if (!NAME.test(name)) throw new Error(`bad attribute name ${name} in <${tag}>`);
    if (seen.has(name)) throw new Error(`duplicate attribute ${name} in <${tag}>`);
    seen.add(name);
    decodeEntities(m[3] ?? m[4] ?? "", `attribute ${name} of <${tag}>`);
    pos = re.lastIndex;
  }
}
