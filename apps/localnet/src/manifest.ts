import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { LocalnetError } from './errors';

const RoleSchema = Type.Object(
  {
    /** The role's executable, relative to the subnet's folder (a node script). */
    bin: Type.String({ minLength: 1 }),
    /** How many to run on the local network. */
    count: Type.Integer({ minimum: 0, maximum: 64 }),
    /** Extra flags, always; `{models}` is replaced by the folder of forged offline models. */
    args: Type.Optional(Type.Array(Type.String())),
    /** Extra flags when offline (the default) and when `--online`. */
    offlineArgs: Type.Optional(Type.Array(Type.String())),
    onlineArgs: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

/**
 * What a subnet workspace declares under `"subnetkit"` in its package.json so the local network
 * runs it: nothing else in the local network knows about any one subnet.
 */
export const ManifestSchema = Type.Object(
  {
    netuid: Type.Integer({ minimum: 1, maximum: 65535 }),
    miner: RoleSchema,
    validator: RoleSchema,
    /** Owner-settable hyperparameters for the local network (on top of the local defaults). */
    hyperparameters: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Integer(), Type.Boolean()]))),
  },
  { additionalProperties: false },
);

export type Manifest = Static<typeof ManifestSchema>;
export type RoleManifest = Static<typeof RoleSchema>;

export interface SubnetWorkspace {
  /** The folder name under subnets/, e.g. `text-generation`. */
  name: string;
  dir: string;
  manifest: Manifest;
}

/** Checks one package.json's `subnetkit` field; the error names the file and the field. */
export function parseManifest(value: unknown, source: string): Manifest {
  if (Value.Check(ManifestSchema, value)) return value;
  const first = [...Value.Errors(ManifestSchema, value)][0];
  const where = first?.path ? `"subnetkit${first.path.replaceAll('/', '.')}"` : '"subnetkit"';
  throw new LocalnetError(
    'InvalidManifest',
    `${source}: ${where} ${first?.message ?? 'is invalid'}; see apps/localnet/README.md for the fields`,
  );
}

/** Every workspace under `subnetsDir` whose package.json has a `subnetkit` field, by netuid. */
export function discoverSubnets(subnetsDir: string): SubnetWorkspace[] {
  const found: SubnetWorkspace[] = [];
  for (const entry of readdirSync(subnetsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(subnetsDir, entry.name);
    const file = join(dir, 'package.json');
    let pkg: { subnetkit?: unknown };
    try {
      pkg = JSON.parse(readFileSync(file, 'utf8')) as { subnetkit?: unknown };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new LocalnetError('InvalidManifest', `${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (pkg.subnetkit === undefined) continue;
    found.push({ name: entry.name, dir, manifest: parseManifest(pkg.subnetkit, file) });
  }
  found.sort((a, b) => a.manifest.netuid - b.manifest.netuid);
  for (let i = 1; i < found.length; i++) {
    if (found[i]!.manifest.netuid === found[i - 1]!.manifest.netuid) {
      throw new LocalnetError(
        'DuplicateNetuid',
        `subnets ${found[i - 1]!.name} and ${found[i]!.name} both ask for netuid ${found[i]!.manifest.netuid}; give one another netuid`,
      );
    }
  }
  return found;
}

/** The subnets to run: all, or those named (folder names), in netuid order. */
export function selectSubnets(all: SubnetWorkspace[], names: readonly string[]): SubnetWorkspace[] {
  if (all.length === 0) {
    throw new LocalnetError(
      'NoSubnets',
      'no workspace under subnets/ declares a "subnetkit" field in its package.json',
    );
  }
  if (names.length === 0) return all;
  for (const name of names) {
    if (!all.some((s) => s.name === name)) {
      throw new LocalnetError(
        'UnknownSubnet',
        `no subnet named "${name}"; available: ${all.map((s) => s.name).join(', ')}`,
      );
    }
  }
  return all.filter((s) => names.includes(s.name));
}
