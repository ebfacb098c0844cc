// A Go file with its function bodies taken out: what the package load reads
// of it (package clause, imports, build constraints, //go:embed, declarations
// and their positions) and nothing an edit inside a body changes. Two files
// with the same skeleton load alike, except for the positions of what follows
// a body whose line count changed; declPositions gives those afresh.
//
// Parsed with Lezer's Go grammar. Whatever it cannot vouch for gives no
// skeleton (the caller then loads): a syntax error anywhere, a //line
// directive (it moves go/token positions), and a body holding a //go: or
// line directive is kept whole (go/build finds //go:embed lines anywhere).
import { parser } from '@lezer/go';

export interface GoSkeleton {
  /** The source with each top-level function's and method's body replaced by "{}". */
  text: string;
  /** Top-level funcs (not methods): name → position of the name, as go/token reports it (1-based line, 1-based byte column). */
  funcs: Map<string, { line: number; column: number }>;
}

type SyntaxNode = NonNullable<ReturnType<typeof parser.parse>['topNode']['firstChild']>;

const DIRECTIVE = /\/[/*](?:go:|line\b)/;

export function goSkeleton(source: string): GoSkeleton | undefined {
  if (source.startsWith('\uFEFF') || source.includes('//line') || source.includes('/*line')) return undefined;
  const tree = parser.parse(source);
  let broken = false;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) broken = true;
      return !broken;
    },
  });
  if (broken) return undefined;
  const parts: string[] = [];
  const funcs = new Map<string, { line: number; column: number }>();
  let at = 0;
  for (let n: SyntaxNode | null = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== 'FunctionDecl' && n.name !== 'MethodDecl') continue;
    const body = n.getChild('Block');
    if (n.name === 'FunctionDecl') {
      const name = n.getChild('DefName');
      if (name) funcs.set(source.slice(name.from, name.to), position(source, name.from));
    }
    if (!body || DIRECTIVE.test(source.slice(body.from, body.to))) continue;
    parts.push(source.slice(at, body.from), '{}');
    at = body.to;
  }
  parts.push(source.slice(at));
  return { text: parts.join(''), funcs };
}

/** go/token's position of a UTF-16 offset: line, and column in UTF-8 bytes from the line's start. */
function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: new TextEncoder().encode(before.slice(lineStart)).length + 1 };
}
