import type { Ancestor, Node, NodeWithAncestors } from '@forecastin/contracts';

/**
 * The `Node` + `ancestors` answer from the chain's cached nodes (root first, the node last).
 * Both the Nest route and the pre-Fastify fast path compose it here, so they answer the same bytes.
 * Ancestors missing from the read model are left out; undefined when the node itself is missing.
 */
export function composeNodeWithAncestors(chain: ReadonlyArray<Node | undefined>): NodeWithAncestors | undefined {
  const node = chain[chain.length - 1];
  if (!node) return undefined;
  const ancestors: Ancestor[] = chain
    .slice(0, -1)
    .filter((ancestor): ancestor is Node => ancestor !== undefined)
    .map(({ id, path, key, name }) => ({ id, path, key, name }));
  return { ...node, ancestors };
}
