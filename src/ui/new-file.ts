// Starting text for a new file, so a new api/ file is already a handler.

const goIdent = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '').replace(/^[0-9]+/, '').toLowerCase() || 'handler';

/** The package clause of the folder's other Go files, else one named after the folder. */
function packageFor(path: string, files: Readonly<Record<string, string>>): string {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (const [p, text] of Object.entries(files)) {
    const d = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    const m = d === dir && p.endsWith('.go') ? /^package\s+(\w+)/m.exec(text) : null;
    if (m?.[1]) return m[1];
  }
  if (dir === 'api' || dir.startsWith('api/')) return dir === 'api' ? 'handler' : goIdent(dir.split('/').pop() ?? '');
  return dir ? goIdent(dir.split('/').pop() ?? '') : 'lib';
}

export function newFileText(path: string, files: Readonly<Record<string, string>>): string {
  if (path === 'go.mod') return 'module example.com/app\n\ngo 1.26\n';
  if (path === 'vercel.json') return '{\n  "build": {\n    "env": {}\n  }\n}\n';
  if (!path.endsWith('.go')) return '';
  const pkg = packageFor(path, files);
  if (!path.startsWith('api/') || path.endsWith('_test.go')) return `package ${pkg}\n`;
  const route = '/' + path.replace(/\.go$/, '').replace(/\/index$/, '');
  const name = (path.split('/').pop() ?? 'handler').replace(/\.go$/, '').replace(/[^A-Za-z0-9]/g, '');
  const fn = name && name !== 'index' ? name[0]!.toUpperCase() + name.slice(1) : 'Handler';
  return `package ${pkg}

import (
	"fmt"
	"net/http"
)

// ${fn} answers ${route}.
func ${fn}(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "Hello from ${route}\\n")
}
`;
}
