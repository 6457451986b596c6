// Lets `pnpm install --offline` resolve a package outside the workspace without the network.
//
// Offline, pnpm takes every tarball from its store (which holds all the workspace installed) but still
// needs each package's registry metadata to resolve ranges, and its metadata cache only holds what a
// past resolution happened to fetch. The workspace lockfile, though, records for every package version
// the workspace uses its integrity, platform fields, peer ranges and resolved dependencies: enough for
// a registry document listing exactly those versions. This writes such documents into a scratch cache
// directory (pnpm's `--cache-dir`), so the install resolves to the workspace's own versions, from the
// store, or fails loudly when something outside them is asked for.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface VersionDoc {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional: boolean }>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  dist: { integrity: string; tarball: string };
}

const unquote = (text: string) => text.trim().replace(/^'(.*)'$/, '$1');

/** `name@1.2.3(peer@4)(other@5)` -> [name, 1.2.3]; scoped names keep their leading `@`. */
function splitKey(key: string): [string, string] {
  const bare = unquote(key).replace(/\(.*$/, '');
  const at = bare.lastIndexOf('@');
  return [bare.slice(0, at), bare.slice(at + 1)];
}

const flowList = (text: string) =>
  text
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map(unquote)
    .filter(Boolean);

/** Registry documents (name -> version -> doc) for every registry package in a v9 pnpm lockfile. */
export function metadataFromLockfile(lockfile: string): Map<string, Map<string, VersionDoc>> {
  const docs = new Map<string, Map<string, VersionDoc>>();
  let section = '';
  let current: VersionDoc | undefined;
  let block = '';
  let blockKey = '';
  for (const line of lockfile.split('\n')) {
    if (/^\S/.test(line)) {
      section = line.replace(/:.*$/, '');
      current = undefined;
      continue;
    }
    if (section !== 'packages' && section !== 'snapshots') continue;
    const key = /^ {2}(\S.*):$/.exec(line);
    if (key?.[1]) {
      const [name, version] = splitKey(key[1]);
      const versions = docs.get(name) ?? new Map<string, VersionDoc>();
      docs.set(name, versions);
      current = versions.get(version);
      if (current === undefined && section === 'packages') {
        const file = name.replace(/^@[^/]+\//, '');
        current = {
          name,
          version,
          dist: { integrity: '', tarball: `https://registry.npmjs.org/${name}/-/${file}-${version}.tgz` },
        };
        versions.set(version, current);
      }
      block = '';
      continue;
    }
    if (current === undefined) continue;
    const field = /^ {4}(\w+):\s*(.*)$/.exec(line);
    if (field?.[1]) {
      const [, name, value = ''] = field;
      block = value === '' ? name : '';
      if (name === 'resolution') {
        const integrity = /integrity: ([^,}\s]+)/.exec(value)?.[1];
        if (integrity) current.dist.integrity = integrity;
      } else if (name === 'os' || name === 'cpu' || name === 'libc') current[name] = flowList(value);
      continue;
    }
    const entry = /^ {6}(\S.*?):\s*(.*)$/.exec(line);
    if (entry?.[1] && block) {
      blockKey = unquote(entry[1]);
      const value = unquote(entry[2] ?? '').replace(/\(.*$/, '');
      if (block === 'dependencies' || block === 'optionalDependencies' || block === 'peerDependencies') {
        current[block] = { ...current[block], [blockKey]: value };
      }
      continue;
    }
    if (block === 'peerDependenciesMeta' && /^ {8}optional: true/.test(line)) {
      current.peerDependenciesMeta = { ...current.peerDependenciesMeta, [blockKey]: { optional: true } };
    }
  }
  // Workspace links and file: tarballs have no integrity: they are not registry packages.
  for (const [name, versions] of docs) {
    for (const [version, doc] of versions) if (!doc.dist.integrity) versions.delete(version);
    if (versions.size === 0) docs.delete(name);
  }
  return docs;
}

/** Writes the documents where pnpm's `--cache-dir <cacheDir>` looks for registry.npmjs.org metadata. */
export function writeOfflineMetadata(lockfilePath: string, cacheDir: string): number {
  const docs = metadataFromLockfile(readFileSync(lockfilePath, 'utf8'));
  for (const [name, versions] of docs) {
    const latest = [...versions.keys()].at(-1) ?? '';
    const document = {
      name,
      'dist-tags': { latest },
      versions: Object.fromEntries(versions),
      cachedAt: Date.now(),
    };
    for (const kind of ['metadata-v1.3', 'metadata-full-v1.3']) {
      const file = join(cacheDir, kind, 'registry.npmjs.org', `${name}.json`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(document));
    }
  }
  return docs.size;
}
