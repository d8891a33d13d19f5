import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Node } from '@forecastin/contracts';
import { IDENTITY_HEADER, signIdentity } from '@forecastin/lifecycle';
import { ServiceMetrics } from '@forecastin/observability';
import { CacheMetrics } from '../cache/cache-metrics';
import { MemoryTier } from '../cache/memory-tier';
import { NodeFastPath } from './node-fast-path';
import { VerifiedIdentities } from './verified-identities';

const KEY = 'a-signing-key-of-at-least-thirty-two-characters';
const workspaceId = randomUUID();
const token = signIdentity({ sub: 'user-1', workspace_id: workspaceId, roles: ['viewer'], request_id: 'req_1', exp: Math.floor(Date.now() / 1000) + 3600 }, KEY);

function node(path: string, name = `Node ${path}`): Node {
  const labels = path.split('.');
  return { id: randomUUID(), path, key: labels[labels.length - 1] ?? path, name, entity_type: 'region', path_depth: labels.length, children_count: 0, descendant_count: 0 };
}

function request(path: string, identity = token): IncomingMessage {
  return { method: 'GET', url: `/api/v1/hierarchy/nodes/${path}`, headers: { [IDENTITY_HEADER]: identity } } as unknown as IncomingMessage;
}

function setup(ttlMs = 60_000) {
  const metrics = new CacheMetrics(new ServiceMetrics('fast-path-test'));
  const memory = new MemoryTier({ maxEntries: 100, ttlMs }, metrics);
  const fastPath = new NodeFastPath(memory, metrics, new VerifiedIdentities(KEY));
  const put = (value: Node) => memory.set({ workspaceId, kind: 'node', path: value.path }, '', value, memory.epoch);
  const body = (path: string) => {
    const hit = fastPath.claim(request(path));
    return hit === undefined ? undefined : (JSON.parse(hit.body.toString('utf8')) as { name: string; ancestors: Array<{ name: string }> });
  };
  return { memory, put, body, fastPath };
}

describe('NodeFastPath', () => {
  it('serves a checked answer again only while L1 has not changed, and never past a change of the chain', () => {
    const { memory, put, body } = setup();
    put(node('world'));
    put(node('world.asia'));
    expect(body('world.asia')?.ancestors.map((a) => a.name)).toEqual(['Node world']);
    expect(body('world.asia')?.name).toBe('Node world.asia');

    // The ancestor replaced (a refill after an invalidation): the next answer shows it.
    memory.invalidate(workspaceId, [{ workspaceId, kind: 'node', path: 'world' }], []);
    expect(body('world.asia')).toBeUndefined(); // chain not wholly in L1: Nest answers
    put(node('world', 'Renamed world'));
    expect(body('world.asia')?.ancestors.map((a) => a.name)).toEqual(['Renamed world']);

    // A store of an unrelated group moves the generation too; the answer is checked again and still right.
    const before = memory.generation;
    put(node('world.europe'));
    expect(memory.generation).not.toBe(before);
    expect(body('world.asia')?.ancestors.map((a) => a.name)).toEqual(['Renamed world']);
  });

  it('claims nothing the schema refuses, even for a path L1 could never hold', () => {
    const { body } = setup();
    expect(body('World')).toBeUndefined();
    expect(body('world/asia')).toBeUndefined();
  });

  it('does not serve a checked answer once an entry of its chain has outlived its time to live', async () => {
    const { put, body } = setup(40);
    put(node('world'));
    expect(body('world')?.name).toBe('Node world');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(body('world')).toBeUndefined();
  });

  it('keeps checked answers per workspace: the same path of another workspace is never answered from them', () => {
    const { put, body, fastPath } = setup();
    put(node('world'));
    expect(body('world')?.name).toBe('Node world');
    const otherWorkspace = randomUUID();
    const other = signIdentity({ sub: 'user-2', workspace_id: otherWorkspace, roles: ['viewer'], request_id: 'req_2', exp: Math.floor(Date.now() / 1000) + 3600 }, KEY);
    // Nothing of the other workspace is in L1, and L1 has not changed since the first answer was checked.
    expect(fastPath.claim(request('world', other))).toBeUndefined();
    expect(fastPath.claim(request('world'))?.workspaceId).toBe(workspaceId);
  });

  it('claims nothing for a forged or expired identity, even for an answer already checked', () => {
    const { put, body, fastPath } = setup();
    put(node('world'));
    expect(body('world')?.name).toBe('Node world');
    const forged = signIdentity({ sub: 'user-1', workspace_id: workspaceId, roles: ['viewer'], request_id: 'req_3', exp: Math.floor(Date.now() / 1000) + 3600 }, 'another-signing-key-of-at-least-thirty-two-chars');
    const expired = signIdentity({ sub: 'user-1', workspace_id: workspaceId, roles: ['viewer'], request_id: 'req_4', exp: Math.floor(Date.now() / 1000) - 1 }, KEY);
    expect(fastPath.claim(request('world', forged))).toBeUndefined();
    expect(fastPath.claim(request('world', expired))).toBeUndefined();
  });
});
