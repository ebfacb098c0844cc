// A module inside a git repository, as cmd/go's modfetch/coderepo.go sees it:
// where in the repository the module lives (a subdirectory, and for /vN
// paths either that directory or its vN/ child), which tags are its versions
// (prefixed by the subdirectory, major version matching the path,
// +incompatible for v2+ tags of a module without go.mod), pseudo-versions for
// commits that are not tagged, and the files of a version's zip.
import { UnknownRevisionError, type GitRepo, type RevInfo } from './git-repo.ts';
import {
  canonicalVersion, checkPathMajor, goModModulePath, hasPathPrefix, isPseudoVersion, matchPathMajor, parsePseudoVersion, pathMajorPrefix, pseudoTimestamp,
  pseudoVersion, pseudoVersionBase, pseudoVersionTime, splitPathVersion,
} from './module-version.ts';
import { build, canonical, compare, isValid, major, prerelease, sortVersions } from './semver.ts';

export interface ModuleRev {
  version: string;
  time: Date;
  /** Full commit hash. */
  name: string;
  short: string;
}

/** A version that is not there or not valid: a sentence worded as go words it, and whether it means "not found". */
export class VersionError extends Error {
  constructor(message: string, readonly notExist = false) {
    super(message);
  }
}

const join = (...parts: string[]): string => parts.filter(Boolean).join('/');

export class CodeRepo {
  private readonly codeDir: string;
  private readonly pathPrefix: string;
  private readonly pathMajor: string;
  private readonly pseudoMajor: string;

  constructor(
    readonly modPath: string,
    readonly code: GitRepo,
    private readonly codeRoot: string,
    subdir: string,
  ) {
    const split = splitPathVersion(modPath);
    if (!split.ok) throw new VersionError(`invalid module path "${modPath}"`);
    this.pathPrefix = codeRoot === modPath ? modPath : split.prefix;
    this.pathMajor = split.pathMajor;
    this.pseudoMajor = pathMajorPrefix(split.pathMajor);
    let dir = '';
    if (codeRoot !== modPath) {
      if (!hasPathPrefix(this.pathPrefix, codeRoot)) throw new VersionError(`repository rooted at ${codeRoot} cannot contain module ${modPath}`);
      dir = this.pathPrefix.slice(codeRoot.length).replace(/^\/+|\/+$/g, '');
    }
    this.codeDir = join(dir, subdir.replace(/^\/+|\/+$/g, ''));
  }

  /** @v/list: the tags that are versions of this module, +incompatible ones where go allows them. */
  async versions(): Promise<string[]> {
    const p = this.codeDir ? `${this.codeDir}/` : '';
    const list: string[] = [];
    const incompatible: string[] = [];
    for (const tag of await this.code.tags(p)) {
      const v = tag.name.slice(p.length);
      if (v === '' || v !== canonical(v) || isPseudoVersion(v)) continue;
      if (checkPathMajor(v, this.pathMajor) !== undefined) {
        if (this.codeDir === '' && this.pathMajor === '' && major(v) > 'v1') incompatible.push(v);
        continue;
      }
      list.push(v);
    }
    sortVersions(list);
    sortVersions(incompatible);
    if (incompatible.length === 0 || this.pathMajor !== '') return list;
    if (list.length > 0 && (await this.code.readFile(list[list.length - 1]!, 'go.mod'))) return list;
    const hasGoMod = new Map<string, boolean>();
    for (const v of incompatible) {
      const m = major(v);
      if (!hasGoMod.has(m)) {
        const latestAtMajor = incompatible.filter((x) => major(x) === m).at(-1)!;
        hasGoMod.set(m, !!(await this.code.readFile(latestAtMajor, 'go.mod')));
      }
      if (!hasGoMod.get(m)) list.push(`${v}+incompatible`);
    }
    return list;
  }

  async stat(rev: string): Promise<ModuleRev> {
    let info: RevInfo;
    try {
      info = await this.code.stat(this.revToRev(rev));
    } catch (e) {
      throw this.invalid(rev, e);
    }
    return this.convert(info, rev);
  }

  /** @latest for a module with no tagged versions: the default branch's head. */
  async latest(): Promise<ModuleRev> {
    return this.convert(await this.code.latest(), '');
  }

  async goMod(version: string): Promise<Uint8Array> {
    this.checkCanonicalArg(version);
    if (isPseudoVersion(version)) await this.stat(version);
    const found = await this.findDir(version);
    if (found.gomod) return found.gomod;
    const data = await this.code.readFile(found.rev, join(found.dir, 'go.mod'));
    return data ?? new TextEncoder().encode(`module ${autoQuote(this.modPath)}\n`);
  }

  /** The revision and directory whose files make the version's zip (after go's checks on the version). */
  async zipSource(version: string): Promise<{ rev: string; dir: string; goMod?: Uint8Array }> {
    this.checkCanonicalArg(version);
    if (isPseudoVersion(version)) await this.stat(version);
    const found = await this.findDir(version);
    const goMod = found.gomod ?? (await this.code.readFile(found.rev, join(found.dir, 'go.mod')));
    return { rev: found.rev, dir: found.dir, goMod };
  }

  private checkCanonicalArg(version: string): void {
    if (version !== canonicalVersion(version)) throw new VersionError(`version ${version} is not canonical`);
  }

  private invalid(version: string, e: unknown): VersionError {
    if (e instanceof VersionError) return e;
    const msg = e instanceof Error ? e.message : String(e);
    return new VersionError(`invalid version: ${msg}`, e instanceof UnknownRevisionError);
  }

  private revToRev(rev: string): string {
    if (!isValid(rev)) return rev;
    if (isPseudoVersion(rev)) return parsePseudoVersion(rev)!.rev;
    const plain = build(rev) === '+incompatible' ? rev.slice(0, -'+incompatible'.length) : rev;
    return this.codeDir ? `${this.codeDir}/${plain}` : plain;
  }

  private async findDir(version: string): Promise<{ rev: string; dir: string; gomod?: Uint8Array }> {
    if (!isValid(version)) throw new VersionError(`invalid version: syntax error`);
    const rev = this.revToRev(version);
    const file1 = join(this.codeDir, 'go.mod');
    let gomod1: Uint8Array | undefined;
    try {
      gomod1 = await this.code.readFile(rev, file1);
    } catch (e) {
      throw new VersionError(`reading ${this.codeRoot}/${file1} at revision ${rev}: ${e instanceof Error ? e.message : String(e)}`, e instanceof UnknownRevisionError);
    }
    const mpath1 = goModModulePath(gomod1);
    const found1 = !!gomod1 && (isMajor(mpath1, this.pathMajor) || (this.pathMajor === '' && mpath1.startsWith('gopkg.in/')));
    let file2 = '';
    if (this.pathMajor !== '' && this.codeRoot !== this.modPath && !this.pathMajor.startsWith('.')) {
      const dir2 = join(this.codeDir, this.pathMajor.slice(1));
      file2 = join(dir2, 'go.mod');
      const gomod2 = await this.code.readFile(rev, file2);
      const mpath2 = goModModulePath(gomod2);
      const found2 = !!gomod2 && isMajor(mpath2, this.pathMajor);
      if (found1 && found2) throw new VersionError(`${this.pathPrefix}/${file1} and ...${this.pathMajor}/go.mod both have ...${this.pathMajor} module paths at revision ${rev}`);
      if (found2) return { rev, dir: dir2, gomod: gomod2 };
      if (gomod2) {
        if (!mpath2) throw new VersionError(`${this.codeRoot}/${file2} is missing module path at revision ${rev}`);
        throw new VersionError(`${this.codeRoot}/${file2} has non-...${this.pathMajor} module path "${mpath2}" at revision ${rev}`);
      }
    }
    if (found1) return { rev, dir: this.codeDir, gomod: gomod1 };
    if (gomod1) {
      const suffix = file2 ? ` (and ...${this.pathMajor}/go.mod does not exist)` : '';
      if (!mpath1) throw new VersionError(`${file1} is missing module path${suffix} at revision ${rev}`);
      if (this.pathMajor !== '') throw new VersionError(`${file1} has non-...${this.pathMajor} module path "${mpath1}"${suffix} at revision ${rev}`);
      if (!splitPathVersion(mpath1).ok) throw new VersionError(`${file1} has malformed module path "${mpath1}"${suffix} at revision ${rev}`);
      throw new VersionError(`${file1} has post-${major(version)} module path "${mpath1}"${suffix} at revision ${rev}`);
    }
    if (this.codeDir === '' && (this.pathMajor === '' || this.pathMajor.startsWith('.'))) return { rev, dir: '' };
    if (file2) throw new VersionError(`missing ${this.pathPrefix}/go.mod and ...${this.pathMajor}/go.mod at revision ${rev}`);
    throw new VersionError(`missing ${this.pathPrefix}/go.mod at revision ${rev}`);
  }

  /** coderepo.convert: the module version a commit (asked for as statVers) is, tag or pseudo-version. */
  private async convert(info: RevInfo, statVers: string): Promise<ModuleRev> {
    const incompatibleOk = new Map<string, boolean>();
    const canUseIncompatible = async (v: string): Promise<boolean> => {
      if (this.codeDir !== '' || this.pathMajor !== '') return false;
      if (!incompatibleOk.has('')) incompatibleOk.set('', !(await this.code.readFile(info.name, 'go.mod')));
      if (!incompatibleOk.get('')) return false;
      if (v !== '' && !statVers.endsWith('+incompatible')) {
        const m = major(v);
        if (!incompatibleOk.has(m)) incompatibleOk.set(m, !(await this.code.readFile(info.name, `${m}/go.mod`)));
        if (!incompatibleOk.get(m)) return false;
      }
      return true;
    };
    const invalidf = (v: string, msg: string): VersionError => new VersionError(`${v}: invalid version: ${msg}`);

    const checkCanonical = async (v: string): Promise<ModuleRev> => {
      try {
        await this.findDir(v);
      } catch (e) {
        throw new VersionError(`${v}: invalid version: ${e instanceof Error ? e.message : String(e)}`, true);
      }
      if (v === statVers.replace(/\+incompatible$/, '')) v = statVers;
      const base = v.replace(/\+incompatible$/, '');
      let errIncompatible: VersionError | undefined;
      if (!matchPathMajor(base, this.pathMajor)) {
        if (await canUseIncompatible(base)) v = `${base}+incompatible`;
        else if (this.pathMajor !== '') errIncompatible = invalidf(v, 'module path includes a major version suffix, so major version must match');
        else errIncompatible = invalidf(v, `module contains a go.mod file, so module path must match major version ("${this.pathPrefix}/${major(v)}")`);
      } else if (v.endsWith('+incompatible')) {
        errIncompatible = invalidf(v, `+incompatible suffix not allowed: major version ${major(v)} is compatible`);
      }
      if (statVers !== '' && statVers === canonicalVersion(statVers)) {
        const statBase = statVers.replace(/\+incompatible$/, '');
        if (statBase !== base) throw invalidf(statVers, `resolves to version ${v} (${statBase} is not a tag)`);
      }
      if (errIncompatible) throw errIncompatible;
      return { version: v, time: info.time, name: info.name, short: info.short };
    };

    if (isPseudoVersion(statVers)) {
      const rev = await checkCanonical(statVers);
      await this.validatePseudoVersion(info, statVers);
      return rev;
    }

    const tagPrefix = this.codeDir ? `${this.codeDir}/` : '';
    const retracted = await this.retractedVersions().catch(() => () => false);
    const tagToVersion = (tag: string): { v: string; canonical: boolean } => {
      if (!tag.startsWith(tagPrefix) || isPseudoVersion(tag)) return { v: '', canonical: false };
      const trimmed = tag.slice(tagPrefix.length);
      const v = canonical(trimmed);
      if (v === '' || !trimmed.startsWith(v)) return { v: '', canonical: false };
      return { v, canonical: v === trimmed };
    };

    const direct = tagToVersion(info.version);
    if (direct.canonical) {
      try {
        return await checkCanonical(direct.v);
      } catch {
        // fall through to the other tags, as go does
      }
    }
    let highestCanonical = '';
    let pseudoBase = '';
    for (const tag of info.tags) {
      const { v, canonical: isCanon } = tagToVersion(tag);
      if (statVers !== '' && compare(v, statVers) === 0) {
        if (isCanon) return checkCanonical(v);
        pseudoBase = v;
      }
      if (isCanon && compare(highestCanonical, v) < 0 && !retracted(v)) {
        if (matchPathMajor(v, this.pathMajor) || (await canUseIncompatible(v))) highestCanonical = v;
      }
    }
    if (highestCanonical) return checkCanonical(highestCanonical);

    if (!pseudoBase) {
      const allowedTags = new Map<string, boolean>();
      for (const t of await this.code.tags(tagPrefix)) {
        const { v } = tagToVersion(t.name);
        allowedTags.set(t.name, v !== '' && (matchPathMajor(v, this.pathMajor) || (await canUseIncompatible(v))) && !retracted(v));
      }
      const tag = await this.code.recentTag(info.name, tagPrefix, (t) => allowedTags.get(t) ?? false);
      if (tag) pseudoBase = tagToVersion(tag).v;
    }
    return checkCanonical(pseudoVersion(this.pseudoMajor, pseudoBase, info.time, info.short));
  }

  private async validatePseudoVersion(info: RevInfo, version: string): Promise<void> {
    const fail = (msg: string): VersionError => new VersionError(`${version}: invalid pseudo-version: ${msg}`);
    const rev = parsePseudoVersion(version)!.rev;
    if (rev !== info.short) {
      if (rev.startsWith(info.short)) throw fail(`revision is longer than canonical (expected ${info.short})`);
      if (info.short.startsWith(rev)) throw fail(`revision is shorter than canonical (expected ${info.short})`);
      throw fail(`does not match short name of revision (expected ${info.short})`);
    }
    const t = pseudoVersionTime(version);
    if (!t) throw fail('malformed time');
    if (t.getTime() !== Math.floor(info.time.getTime() / 1000) * 1000) throw fail(`does not match version-control timestamp (expected ${pseudoTimestamp(info.time)})`);
    const tagPrefix = this.codeDir ? `${this.codeDir}/` : '';
    const b = pseudoVersionBase(version.replace(/\+incompatible$/, ''));
    if ('error' in b) throw fail(b.error);
    if (b.base === '') {
      if (this.pseudoMajor === '' && major(version) === 'v1') throw fail('major version without preceding tag must be v0, not v1');
      return;
    }
    for (const tag of info.tags) {
      const versionOnly = tag.slice(tagPrefix.length);
      if (tag.startsWith(tagPrefix) && versionOnly === b.base) {
        throw fail(`tag (${tag}) found on revision ${rev} is already canonical, so should not be replaced with a pseudo-version derived from that tag`);
      }
    }
    let lastTag = '';
    let ancestorFound = false;
    for (const tag of await this.code.tags(tagPrefix + b.base)) {
      if (compare(tag.name.slice(tagPrefix.length), b.base) !== 0) continue;
      lastTag = tag.name;
      if ((ancestorFound = await this.code.descendsFrom(info.name, tag.name))) break;
    }
    if (!lastTag) throw fail(`preceding tag (${b.base}) not found`);
    if (!ancestorFound) throw fail(`revision ${rev} is not a descendent of preceding tag (${lastTag})`);
  }

  /** The retract directives of the highest release's go.mod. */
  private async retractedVersions(): Promise<(v: string) => boolean> {
    let versions = await this.versions();
    const inc = versions.findIndex((v) => v.endsWith('+incompatible'));
    if (inc >= 0) versions = versions.slice(0, inc);
    if (versions.length === 0) return () => false;
    const highest = [...versions].reverse().find((v) => prerelease(v) === '') ?? versions[versions.length - 1]!;
    const intervals = parseRetractions(new TextDecoder().decode(await this.goMod(highest)));
    return (v) => intervals.some(([lo, hi]) => compare(lo, v) <= 0 && compare(v, hi) <= 0);
  }
}

function isMajor(mpath: string, pathMajor: string): boolean {
  if (!mpath) return false;
  const s = splitPathVersion(mpath);
  if (!s.ok) return false;
  if (pathMajor === '') return ['', 'v0', 'v1'].includes(pathMajorPrefix(s.pathMajor));
  if (s.pathMajor === '') return false;
  return pathMajor.slice(1) === s.pathMajor.slice(1);
}

/** modfile.AutoQuote. */
function autoQuote(s: string): string {
  return /^[^\s"'`\\,;(){}[\]]+$/.test(s) && !s.includes('//') && !s.includes('/*') ? s : JSON.stringify(s);
}

/** retract v1.0.0 / retract [v1.0.0, v1.1.0] / retract ( … ) blocks, as intervals. */
export function parseRetractions(gomod: string): [string, string][] {
  const out: [string, string][] = [];
  const text = gomod.replace(/\/\/.*$/gm, '');
  const entries: string[] = [];
  for (const m of text.matchAll(/^\s*retract\s*\(([^)]*)\)/gm)) entries.push(...m[1]!.split('\n'));
  for (const m of text.matchAll(/^\s*retract\s+([^(\n][^\n]*)$/gm)) entries.push(m[1]!);
  for (const e of entries.map((x) => x.trim()).filter(Boolean)) {
    const range = /^\[\s*(\S+?)\s*,\s*(\S+?)\s*\]$/.exec(e);
    if (range) out.push([range[1]!, range[2]!]);
    else if (isValid(e)) out.push([e, e]);
  }
  return out;
}
