// Ask for a set of metrics nodes in as few GraphQL requests as the API accepts. The API limits how much one request
// may ask for without documenting the number: start at MAX_NODES aliased fields a request and, when the API says a
// request asks for too much, split it in halves. The query function (the network) is passed in.
import { buildRequest, readAnswer, type Group, type GraphqlRequest, type MetricsNode } from "./query";

/** One config's groups plus a 36-bucket series fit in one request. */
export const MAX_NODES = 40;

export interface Collected {
  groups: Map<string, Group[]>;
  /** The `extensions` of every answer (the emulator labels its synthetic data there). */
  extensions: Array<Record<string, unknown>>;
  requests: number;
}

export async function collectNodes(
  accountId: string,
  nodes: MetricsNode[],
  query: (request: GraphqlRequest) => Promise<{ data: unknown; extensions?: Record<string, unknown> }>,
  options: { maxNodes?: number; tooLarge: (err: unknown) => boolean },
): Promise<Collected> {
  const out: Collected = { groups: new Map(), extensions: [], requests: 0 };
  const ask = async (part: MetricsNode[]): Promise<void> => {
    try {
      out.requests++;
      const answer = await query(buildRequest(accountId, part));
      for (const [alias, groups] of readAnswer(answer.data, part)) out.groups.set(alias, groups);
      if (answer.extensions) out.extensions.push(answer.extensions);
    } catch (err) {
      if (part.length < 2 || !options.tooLarge(err)) throw err;
      const half = Math.ceil(part.length / 2);
      await ask(part.slice(0, half));
      await ask(part.slice(half));
    }
  };
  const size = options.maxNodes ?? MAX_NODES;
  // One request after another: the API counts requests per user, and a burst gains nothing here.
  for (let i = 0; i < nodes.length; i += size) await ask(nodes.slice(i, i + size));
  return out;
}
