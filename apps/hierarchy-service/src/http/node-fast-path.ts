import type { IncomingMessage, ServerResponse } from 'node:http';
import { hierarchyPathParamsSchema, type Node } from '@forecastin/contracts';
import { IDENTITY_HEADER, type RawExchange, type RawRequestRoute } from '@forecastin/lifecycle';
import { requestContext } from '@forecastin/observability';
import type { CacheMetrics } from '../cache/cache-metrics';
import type { MemoryTier } from '../cache/memory-tier';
import { ancestorPaths } from '../projection/ltree-paths';
import { composeNodeWithAncestors } from './node-with-ancestors';
import type { VerifiedIdentities } from './verified-identities';

const PREFIX = '/api/v1/hierarchy/nodes/';
const ROUTE = `${PREFIX}:path`;

/** An L1 hit, decided in `claim`: who asked, and the answer's bytes. */
interface NodeHit {
  readonly workspaceId: string;
  readonly userId: string;
  readonly body: Buffer;
  readonly groups: number;
}

/** The bytes of a composed answer, and the cached nodes they were composed from (root first). */
interface SerialisedAnswer {
  readonly chain: readonly unknown[];
  readonly body: Buffer;
}

/** An answer checked against L1 at `MemoryTier.generation` `answersGeneration`, until its first entry expires. */
interface CheckedAnswer {
  readonly body: Buffer;
  readonly groups: number;
  /** performance.now() at which the first of its chain's L1 entries expires. */
  readonly expiresAt: number;
}

/** Bound on the answers kept per L1 generation (they all go when L1 changes). */
const MAX_CHECKED_ANSWERS = 50_000;

/**
 * `GET /api/v1/hierarchy/nodes/{path}` answered on the bare request when every node of the chain
 * is in L1: Nest's router, guard, pipes and Fastify's reply cost 2–3× the lookup itself. It claims
 * only a request Nest would answer 200 from L1 with exactly these bytes — a valid identity (the
 * guard's own check, remembered per token), a path the contract schema accepts, no query string (tokens read past the
 * caches), no Origin (CORS headers are Nest's) — and leaves everything else to Nest untouched, so
 * misses, 401s, 400s and 404s are Nest's answers by construction.
 *
 * Never stale: the bytes are kept per leaf node object (a WeakMap: they go with it) together with
 * the ancestor objects they were composed from, and are used only while every one of those is
 * still the value L1 holds; an invalidation drops the L1 entry, so the next request is a miss.
 * A checked answer is also kept by workspace and path for as long as L1 does not change at all
 * (`MemoryTier.generation`: any store, drop, eviction or expiry moves it) and none of its entries
 * has reached its time to live, so a hit on an unchanged L1 skips the schema, the chain's keys and
 * their lookups (a third of the fast path's own time in a profile).
 */
export class NodeFastPath implements RawRequestRoute<NodeHit> {
  private readonly serialised = new WeakMap<object, SerialisedAnswer>();
  /**
   * By workspace, then path as requested: answers whose chain L1 held at `answersGeneration`. Two
   * levels rather than one `<workspace>|<path>` key: no key string built and hashed per request.
   */
  private readonly checked = new Map<string, Map<string, CheckedAnswer>>();
  private checkedCount = 0;
  private answersGeneration = -1;

  constructor(
    private readonly memory: MemoryTier,
    private readonly metrics: CacheMetrics,
    private readonly identities: VerifiedIdentities,
  ) {}

  claim(req: IncomingMessage): NodeHit | undefined {
    const url = req.url ?? '';
    if (req.method !== 'GET' || !url.startsWith(PREFIX) || req.headers.origin !== undefined) return undefined;
    const path = url.slice(PREFIX.length);
    const header = req.headers[IDENTITY_HEADER];
    const identity = this.identities.identityOf(typeof header === 'string' ? header : undefined);
    if (!identity) return undefined;
    const workspaceId = identity.workspace_id;
    // While L1 has not changed at all (same generation), an answer checked before still holds: the
    // path passed the schema and every node of the chain is the object it was composed from.
    const generation = this.memory.generation;
    if (generation !== this.answersGeneration || this.checkedCount >= MAX_CHECKED_ANSWERS) {
      this.checked.clear();
      this.checkedCount = 0;
      this.answersGeneration = generation;
    }
    const known = this.checked.get(workspaceId)?.get(path);
    if (known && performance.now() < known.expiresAt) return { workspaceId, userId: identity.sub, body: known.body, groups: known.groups };

    if (path.includes('/') || path.includes('?') || !hierarchyPathParamsSchema.safeParse({ path }).success) return undefined;
    const paths = [...ancestorPaths(path), path];
    const chain = paths.map((p) => this.memory.peek({ workspaceId, kind: 'node', path: p }, ''));
    if (chain.some((node) => node === undefined)) return undefined;
    const body = this.bytesOf(chain as Node[]);
    const expiresInMs = Math.min(...paths.map((p) => this.memory.expiresInMs({ workspaceId, kind: 'node', path: p })));
    this.remember(workspaceId, path, { body, groups: chain.length, expiresAt: performance.now() + expiresInMs });
    return { workspaceId, userId: identity.sub, body, groups: chain.length };
  }

  routeOf(): string {
    return ROUTE;
  }

  /** Every answer is one `exchange.respond`: the chassis' headers go in the same writeHead. */
  readonly respondsWhole = true;

  serve(_req: IncomingMessage, _res: ServerResponse, hit: NodeHit, exchange: RawExchange): void {
    const context = requestContext.get();
    if (context) {
      context.workspaceId = hit.workspaceId;
      context.userId = hit.userId;
    }
    this.metrics.hit('l1', hit.groups);
    this.metrics.servedBeforeNest();
    exchange.respond(200, 'application/json; charset=utf-8', hit.body);
  }

  private remember(workspaceId: string, path: string, answer: CheckedAnswer): void {
    let answers = this.checked.get(workspaceId);
    if (!answers) this.checked.set(workspaceId, (answers = new Map()));
    if (!answers.has(path)) this.checkedCount++;
    answers.set(path, answer);
  }

  private bytesOf(chain: readonly Node[]): Buffer {
    const leaf = chain[chain.length - 1] as Node;
    const known = this.serialised.get(leaf);
    if (known && known.chain.length === chain.length && known.chain.every((node, index) => node === chain[index])) return known.body;
    const body = Buffer.from(JSON.stringify(composeNodeWithAncestors(chain)));
    this.serialised.set(leaf, { chain, body });
    return body;
  }
}
