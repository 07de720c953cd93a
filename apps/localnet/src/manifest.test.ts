import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverSubnets, parseManifest, selectSubnets } from './manifest';

const valid = {
  netuid: 1,
  miner: { bin: 'bin/miner.js', count: 3, offlineArgs: ['--model', '{models}/tiny-gpt2'] },
  validator: { bin: 'bin/validator.js', count: 1 },
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function subnetsDir(packages: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'localnet-manifest-'));
  dirs.push(root);
  for (const [name, pkg] of Object.entries(packages)) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'package.json'), typeof pkg === 'string' ? pkg : JSON.stringify(pkg));
  }
  return root;
}

describe('parseManifest', () => {
  it('accepts a complete manifest', () => {
    expect(parseManifest(valid, 'x/package.json')).toEqual(valid);
  });

  it('names the file and the field at fault', () => {
    expect(() => parseManifest({ ...valid, netuid: 0 }, 'subnets/a/package.json')).toThrow(
      /subnets\/a\/package\.json: "subnetkit\.netuid"/,
    );
    expect(() => parseManifest({ ...valid, miner: { count: 1 } }, 'p.json')).toThrow(
      /"subnetkit\.miner\.bin"/,
    );
    expect(() => parseManifest({ ...valid, extra: true }, 'p.json')).toThrow(/InvalidManifest|p\.json/);
  });
});

describe('discoverSubnets', () => {
  it('finds the workspaces with a subnetkit field, in netuid order, and skips the rest', () => {
    const root = subnetsDir({
      'image-recognition': { name: 'img', subnetkit: { ...valid, netuid: 19 } },
      'text-generation': { name: 'text', subnetkit: valid },
      template: { name: 'no-manifest' },
    });
    mkdirSync(join(root, 'not-a-package'));
    expect(discoverSubnets(root).map((s) => [s.name, s.manifest.netuid])).toEqual([
      ['text-generation', 1],
      ['image-recognition', 19],
    ]);
  });

  it('refuses two subnets with one netuid, naming both', () => {
    const root = subnetsDir({ a: { subnetkit: valid }, b: { subnetkit: valid } });
    expect(() => discoverSubnets(root)).toThrow(/subnets a and b both ask for netuid 1/);
  });

  it('names a package.json that is not JSON', () => {
    const root = subnetsDir({ broken: '{ nope' });
    expect(() => discoverSubnets(root)).toThrow(/broken\/package\.json is not valid JSON/);
  });
});

describe('selectSubnets', () => {
  const all = [
    { name: 'text-generation', dir: '/s/t', manifest: valid },
    { name: 'speech', dir: '/s/s', manifest: { ...valid, netuid: 11 } },
  ];

  it('keeps all, or the named ones', () => {
    expect(selectSubnets(all, [])).toHaveLength(2);
    expect(selectSubnets(all, ['speech']).map((s) => s.name)).toEqual(['speech']);
  });

  it('names an unknown subnet and lists the known ones', () => {
    expect(() => selectSubnets(all, ['vision'])).toThrow(
      /no subnet named "vision"; available: text-generation, speech/,
    );
    expect(() => selectSubnets([], [])).toThrow(/no workspace under subnets\//);
  });
});
