// isomorphic-git, with the Buffer it needs in browsers, loaded on first use:
// only direct mode reads git repositories, and the library was close to half
// of the build worker's script, which every visit loads before its first build.
export type Git = typeof import('isomorphic-git');

let lib: Promise<Git> | undefined;

export function gitLib(): Promise<Git> {
  lib ??= import('./git-buffer.ts').then(() => import('isomorphic-git'));
  return lib;
}
