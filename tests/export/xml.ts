import { SaxesParser } from 'saxes';

/** A parsed XML element: its namespace, local name, attributes by qualified name, children and text. */
export interface XNode {
  uri: string;
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

/**
 * Parses with saxes, a strictly conforming XML 1.0 + namespaces parser: any well-formedness or namespace
 * error throws, naming the file.
 */
export function parseXmlStrict(xml: string, file: string): XNode {
  const parser = new SaxesParser({ xmlns: true, fileName: file });
  const root: XNode = { uri: '', name: '#document', attrs: {}, children: [], text: '' };
  const stack: XNode[] = [root];
  let error: Error | null = null;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    const node: XNode = {
      uri: tag.uri,
      name: tag.local,
      attrs: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value])),
      children: [],
      text: '',
    };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    for (const n of stack) n.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (error) throw error;
  return root.children[0]!;
}

export function all(node: XNode, name: string): XNode[] {
  const out: XNode[] = [];
  const walk = (n: XNode) => {
    if (n.name === name) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

export function one(node: XNode, name: string): XNode {
  const found = all(node, name);
  if (found.length !== 1) throw new Error(`expected one <${name}>, found ${found.length}`);
  return found[0]!;
}
