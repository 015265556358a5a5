/**
 * Finds code that reaches a path outside the repository, so a clone with nothing beside it keeps working.
 * Each TypeScript/JavaScript file is parsed (the TypeScript compiler API) and its path expressions are
 * evaluated where their values are known: string literals, `import.meta.url`/`dirname`/`filename`,
 * `__dirname`, `process.cwd()`, `path.join/resolve/dirname`, `fileURLToPath`, `new URL(x, base)`,
 * template strings, `+`, and constants, including ones imported from another file of the repository.
 * Flagged:
 * - module specifiers (`import`, `export … from`, `import()`, `require`, `vi.mock`) that resolve, against
 *   the file's folder, outside the repository;
 * - other relative string literals that climb out of the repository from the file's folder or from the
 *   repository root (where npm scripts and tests run);
 * - path expressions built from a known place (the file, the repository root) that end outside it;
 * - absolute literals with a `shared` segment (the material folder beside the checkout) outside it.
 * Expressions with an unknown part (a parameter, `process.execPath`) are not judged.
 * Shell scripts and package.json scripts are checked for `..` tokens that leave the repository.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export interface OutsideRead {
  /** Repository-relative file, with `/` separators. */
  file: string;
  line: number;
  text: string;
  reaches: string;
}

/** A comment on a line whose climbing literal is hostile input for a test, never a path Kho or a test opens. */
export const HOSTILE_INPUT_MARK = 'hostile input, not a path';

const CODE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIP_DIRS = new Set(['node_modules', 'out', 'build', 'dist', 'coverage', 'test-results', '.git']);

/** Code files of the repository (every folder but dependencies and build output). */
export function codeFiles(repoRoot: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(path.join(dir, e.name));
      } else if (CODE.test(e.name) && !e.name.endsWith('.d.ts')) found.push(path.join(dir, e.name));
    }
  };
  walk(repoRoot);
  return found.sort();
}

const inside = (root: string, p: string): boolean => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

const asPath = (v: string): string => (v.startsWith('file:') ? fileURLToPath(v) : v);

interface Value {
  text: string;
  /** Built from a known place (the file or the repository root), not just spelled out. */
  anchored: boolean;
}

class FileScan {
  private readonly dir: string;
  private readonly source: ts.SourceFile;
  private readonly evaluating = new Set<ts.Node>();

  constructor(
    private readonly repoRoot: string,
    readonly file: string,
    text: string,
    private readonly modules: Map<string, FileScan | null>,
  ) {
    this.dir = path.dirname(file);
    const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    this.source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  }

  private lineText(line: number): string {
    return this.source.text.split('\n')[line - 1] ?? '';
  }

  findings(): OutsideRead[] {
    const out = new Map<string, OutsideRead>();
    const flag = (node: ts.Node, reaches: string): void => {
      const line = this.source.getLineAndCharacterOfPosition(node.getStart(this.source)).line + 1;
      const text = node.getText(this.source).replace(/\s+/g, ' ').slice(0, 160);
      // Security tests feed traversal strings to Kho as hostile input; such a line says so and is not a read.
      if (this.lineText(line).includes(HOSTILE_INPUT_MARK)) return;
      const file = path.relative(this.repoRoot, this.file).split(path.sep).join('/');
      out.set(`${line}:${reaches}`, { file, line, text, reaches });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node)) this.checkLiteral(node, flag);
      else if (this.isPathExpression(node)) {
        const v = this.evaluate(node);
        const target = v?.anchored ? path.resolve(asPath(v.text)) : undefined;
        if (target && path.isAbsolute(asPath(v!.text)) && !inside(this.repoRoot, target)) flag(node, target);
      }
      ts.forEachChild(node, visit);
    };
    visit(this.source);
    return [...out.values()];
  }

  private checkLiteral(node: ts.StringLiteralLike, flag: (n: ts.Node, reaches: string) => void): void {
    const s = node.text;
    if (isModuleSpecifier(node)) {
      if (s.startsWith('.')) {
        const target = path.resolve(this.dir, s);
        if (!inside(this.repoRoot, target)) flag(node, target);
      }
      return;
    }
    // An argument of path.join/resolve or new URL is judged with the whole expression instead.
    const p = node.parent;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && this.isPathExpression(p)) return;
    // A bare '..' or '../' is a token (compared, stripped), not a place; '../x' names one.
    if (/^(?:\.\.?\/)+[^/.]/.test(s)) {
      for (const base of [this.dir, this.repoRoot]) {
        const target = path.resolve(base, s);
        if (!inside(this.repoRoot, target)) return flag(node, target);
      }
    } else if (path.isAbsolute(s) && s.split('/').includes('shared') && !inside(this.repoRoot, s)) {
      flag(node, s);
    }
  }

  /** Nodes that build a path; literals are checked on their own. */
  private isPathExpression(node: ts.Node): boolean {
    if (ts.isCallExpression(node)) return this.callName(node) !== undefined;
    if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && node.expression.text === 'URL';
    if (ts.isBinaryExpression(node)) return node.operatorToken.kind === ts.SyntaxKind.PlusToken;
    return ts.isTemplateExpression(node);
  }

  /** `path.join` → 'join' (also a named import of node:path), `fileURLToPath`, `process.cwd`. */
  private callName(node: ts.CallExpression): string | undefined {
    const e = node.expression;
    const known = ['join', 'resolve', 'dirname', 'fileURLToPath', 'cwd'];
    if (ts.isIdentifier(e) && known.includes(e.text)) return e.text;
    if (ts.isPropertyAccessExpression(e) && known.includes(e.name.text)) {
      const owner = e.expression.getText(this.source);
      if (owner === 'process' && e.name.text === 'cwd') return 'cwd';
      if (['path', 'posix', 'path.posix', 'url'].includes(owner) && e.name.text !== 'cwd') return e.name.text;
    }
    return undefined;
  }

  evaluate(node: ts.Node): Value | undefined {
    if (this.evaluating.has(node)) return undefined;
    this.evaluating.add(node);
    try {
      return this.evaluateNode(node);
    } finally {
      this.evaluating.delete(node);
    }
  }

  private evaluateNode(node: ts.Node): Value | undefined {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) {
      return this.evaluate(node.expression);
    }
    if (ts.isStringLiteralLike(node)) return { text: node.text, anchored: false };
    if (ts.isTemplateExpression(node)) {
      let text = node.head.text;
      let anchored = false;
      for (const span of node.templateSpans) {
        const v = this.evaluate(span.expression);
        if (!v) return undefined;
        text += v.text + span.literal.text;
        anchored ||= v.anchored;
      }
      return { text, anchored };
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const a = this.evaluate(node.left);
      const b = this.evaluate(node.right);
      return a && b ? { text: a.text + b.text, anchored: a.anchored || b.anchored } : undefined;
    }
    if (ts.isPropertyAccessExpression(node)) {
      if (ts.isMetaProperty(node.expression)) {
        const here = { url: pathToFileURL(this.file).href, dirname: this.dir, filename: this.file };
        const text = here[node.name.text as keyof typeof here];
        return text === undefined ? undefined : { text, anchored: true };
      }
      return undefined;
    }
    if (ts.isIdentifier(node)) {
      if (node.text === '__dirname') return { text: this.dir, anchored: true };
      if (node.text === '__filename') return { text: this.file, anchored: true };
      return this.constant(node);
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [spec, base] = (node.arguments ?? []).map((a) => this.evaluate(a));
      if (!spec || !base || !base.text.startsWith('file:')) return undefined;
      return { text: new URL(spec.text, base.text).href, anchored: true };
    }
    if (ts.isCallExpression(node)) return this.evaluateCall(node);
    return undefined;
  }

  private evaluateCall(node: ts.CallExpression): Value | undefined {
    const name = this.callName(node);
    if (name === 'cwd') return { text: this.repoRoot, anchored: true };
    if (!name) return undefined;
    const args = node.arguments.map((a) => this.evaluate(a));
    if (args.length === 0 || args.some((a) => a === undefined)) return undefined;
    const values = args as Value[];
    const anchored = values.some((v) => v.anchored);
    const texts = values.map((v) => v.text);
    if (name === 'fileURLToPath')
      return texts[0]!.startsWith('file:') ? { text: asPath(texts[0]!), anchored } : undefined;
    if (name === 'dirname') return { text: path.dirname(asPath(texts[0]!)), anchored };
    if (name === 'join') {
      const joined = path.join(...texts);
      // A relative result is read against the working directory: the repository root.
      return path.isAbsolute(joined)
        ? { text: joined, anchored }
        : { text: path.resolve(this.repoRoot, joined), anchored: true };
    }
    // path.resolve starts again at its last absolute argument, or at the working directory (the repository
    // root) when there is none; only what it starts from and adds decides whether the result is anchored.
    const start = texts.findLastIndex((t) => path.isAbsolute(asPath(t)));
    const from = start < 0 ? values : values.slice(start);
    return {
      text: path.resolve(this.repoRoot, ...texts.map(asPath)),
      anchored: start < 0 || from.some((v) => v.anchored),
    };
  }

  /** A `const` in an enclosing scope, or one imported from another file of the repository. */
  private constant(id: ts.Identifier): Value | undefined {
    for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
      if (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope)) continue;
      for (const statement of scope.statements) {
        if (ts.isVariableStatement(statement)) {
          const flags = statement.declarationList.flags;
          if (!(flags & ts.NodeFlags.Const)) continue;
          for (const d of statement.declarationList.declarations) {
            if (ts.isIdentifier(d.name) && d.name.text === id.text && d.initializer)
              return this.evaluate(d.initializer);
          }
        } else if (ts.isSourceFile(scope) && ts.isImportDeclaration(statement)) {
          const v = this.imported(statement, id.text);
          if (v !== null) return v;
        }
      }
    }
    return undefined;
  }

  /** null: the import does not bind `name`. */
  private imported(decl: ts.ImportDeclaration, name: string): Value | undefined | null {
    const bindings = decl.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) return null;
    const el = bindings.elements.find((e) => e.name.text === name);
    if (!el || !ts.isStringLiteral(decl.moduleSpecifier) || !decl.moduleSpecifier.text.startsWith('.')) {
      return el ? undefined : null;
    }
    const target = resolveModule(path.resolve(this.dir, decl.moduleSpecifier.text));
    if (!target) return undefined;
    let scan = this.modules.get(target);
    if (scan === undefined) {
      scan = inside(this.repoRoot, target)
        ? new FileScan(this.repoRoot, target, readFileSync(target, 'utf8'), this.modules)
        : null;
      this.modules.set(target, scan);
    }
    return scan?.exported((el.propertyName ?? el.name).text);
  }

  private exported(name: string): Value | undefined {
    for (const statement of this.source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const isExport = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      for (const d of statement.declarationList.declarations) {
        if (isExport && ts.isIdentifier(d.name) && d.name.text === name && d.initializer)
          return this.evaluate(d.initializer);
      }
    }
    return undefined;
  }
}

function isModuleSpecifier(node: ts.StringLiteralLike): boolean {
  const p = node.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return true;
  if (ts.isImportTypeNode(p.parent)) return true;
  if (ts.isCallExpression(p) && p.arguments[0] === node) {
    const callee = p.expression.getText();
    return (
      p.expression.kind === ts.SyntaxKind.ImportKeyword ||
      ['require', 'vi.mock', 'vi.importActual', 'require.resolve'].includes(callee)
    );
  }
  return false;
}

/** `./x.js` in TypeScript source names `./x.ts` (or .tsx, or a folder's index). */
function resolveModule(spec: string): string | undefined {
  const base = spec.replace(/\.[cm]?js$/, '');
  const candidates = [spec, `${base}.ts`, `${base}.tsx`, `${base}.mts`, path.join(spec, 'index.ts')];
  for (const c of candidates) {
    try {
      if (readdirSync(path.dirname(c)).includes(path.basename(c))) return c;
    } catch {
      // folder missing: not this candidate
    }
  }
  return undefined;
}

/** Code that reaches outside `repoRoot`; `text` stands for the file's content (to check a planted line). */
export function outsideReads(
  repoRoot: string,
  file: string,
  text = readFileSync(file, 'utf8'),
): OutsideRead[] {
  return new FileScan(repoRoot, file, text, new Map()).findings();
}

/**
 * `..` path tokens in a shell script or in package.json's scripts that leave the repository. Scripts run
 * from the repository root; a shell script's `$(dirname "$0")` is its own folder.
 */
export function outsideReadsInScripts(
  repoRoot: string,
  file: string,
  text = readFileSync(file, 'utf8'),
): OutsideRead[] {
  const lines = file.endsWith('package.json')
    ? Object.values((JSON.parse(text) as { scripts?: Record<string, string> }).scripts ?? {})
    : text.split('\n');
  const found: OutsideRead[] = [];
  lines.forEach((line, i) => {
    const withDir = line.replace(/\$\(dirname "?\$0"?\)/g, path.dirname(file));
    for (const token of withDir.match(/[^\s"'`;|&()<>=]*\.\.[^\s"'`;|&()<>]*/g) ?? []) {
      if (!/(^|\/)\.\.(\/|$)/.test(token)) continue;
      const target = path.resolve(repoRoot, token);
      if (!inside(repoRoot, target)) {
        found.push({
          file: path.relative(repoRoot, file).split(path.sep).join('/'),
          line: i + 1,
          text: line.trim(),
          reaches: target,
        });
      }
    }
  });
  return found;
}
