// Reading module mode's part of a `gofn-helper load` answer (see
// toolchain/helper/README.md): the build list, what the helper verified, the
// go.mod/go.sum change it proposes, warnings, and each dependency package's module.
import { AnswerError, arr, obj, str } from './load-answer.ts';
import type { ListedModule, ModulesAnswer, PackageModule } from './packages.ts';
import type { Diagnostic } from '../types.ts';

function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new AnswerError(`${what} is not a boolean`);
  return v;
}

const optStr = (v: unknown, what: string): string | undefined => (v === undefined ? undefined : str(v, what));

export function parsePackageModule(v: unknown, what: string): PackageModule {
  const m = obj(v, what);
  const out: PackageModule = { path: str(m.path, `${what}.path`), version: str(m.version, `${what}.version`) };
  const sum = optStr(m.sum, `${what}.sum`);
  if (sum) out.sum = sum;
  const go = optStr(m.goVersion, `${what}.goVersion`);
  if (go) out.goVersion = go;
  if (m.replace !== undefined) {
    const r = obj(m.replace, `${what}.replace`);
    out.replace = { path: str(r.path, `${what}.replace.path`), version: str(r.version, `${what}.replace.version`) };
    const rs = optStr(r.sum, `${what}.replace.sum`);
    if (rs) out.replace.sum = rs;
  }
  return out;
}

function listedModule(v: unknown, what: string): ListedModule {
  const m = obj(v, what);
  const out: ListedModule = { path: str(m.path, `${what}.path`) };
  const version = optStr(m.version, `${what}.version`);
  if (version) out.version = version;
  if (m.main === true) out.main = true;
  const go = optStr(m.goVersion, `${what}.goVersion`);
  if (go) out.goVersion = go;
  if (m.replace !== undefined) out.replace = listedModule(m.replace, `${what}.replace`);
  return out;
}

export function parseModulesAnswer(v: unknown, diagnostic: (v: unknown, what: string) => Diagnostic): ModulesAnswer {
  const m = obj(v, 'modules');
  const out: ModulesAnswer = {
    buildList: arr(m.buildList, 'modules.buildList', listedModule),
    verified: arr(m.verified, 'modules.verified', (x, what) => {
      const z = obj(x, what);
      const kind = str(z.kind, `${what}.kind`);
      if (kind !== 'zip' && kind !== 'mod') throw new AnswerError(`${what}.kind is ${kind}`);
      return { path: str(z.path, `${what}.path`), version: str(z.version, `${what}.version`), sum: str(z.sum, `${what}.sum`), kind };
    }),
    warnings: arr(m.warnings, 'modules.warnings', diagnostic),
    vendor: bool(m.vendor, 'modules.vendor'),
  };
  if (m.proposal !== undefined) {
    const p = obj(m.proposal, 'modules.proposal');
    out.proposal = {
      goMod: str(p.goMod, 'proposal.goMod'),
      goSum: str(p.goSum, 'proposal.goSum'),
      changes: arr(p.changes, 'proposal.changes', str),
      applied: bool(p.applied, 'proposal.applied'),
    };
  }
  return out;
}
