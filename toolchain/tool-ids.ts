// What each tool prints for -V=full per target: cmd/go hashes that line (a
// release's "compile version go1.26.8", plus " X:…" when experiments differ
// from the target's baseline) into every action ID, so the engine needs it
// to give outputs go's own build IDs.
import type { Target } from '../src/core/types.ts';
import type { GoCommand } from './go-command.ts';

export type ToolIds = { compile: string; asm: string; link: string };

export async function readToolIds(go: GoCommand, target: Target, cwd: string): Promise<ToolIds> {
  const [goos, goarch] = target.split('/') as [string, string];
  const line = async (tool: keyof ToolIds): Promise<string> => {
    const out = (await go.run({ args: ['tool', tool, '-V=full'], cwd, env: { GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0' } })).toString().trim();
    const f = out.split(/\s+/);
    // cmd/go uses the whole line of a release; a development build's would name a content hash instead.
    if (f[0] !== tool || f[1] !== 'version' || !f[2] || f[2].includes('devel')) throw new Error(`${tool} -V=full printed ${JSON.stringify(out)}, not a release's version line`);
    return out;
  };
  return { compile: await line('compile'), asm: await line('asm'), link: await line('link') };
}
