// A name where an id goes (`get`, `update`, `delete`, `bind` take a config's; `cert get`/`cert delete` a
// certificate's): one item with that name is the answer; several are an error listing them, to pick an id from; none
// an error suggesting the names near it (one contains the other, in any case), else listing the first few.
import { UsageError } from "./errors";

export interface NameLookup<T> {
  nameOf(item: T): string | undefined;
  /** One line of a listing: the id, the name and what else tells them apart. */
  line(item: T): string;
  /** What they are, as in "2 configs are named 'x'". */
  plural: string;
  /** The error when nothing has the name. */
  notFound: string;
  /** The hint when there is nothing at all. */
  none: string;
  /** The heading of the listing when no name is near: "Configs in the account". */
  heading: string;
}

const NEAR = 5;
const LISTED = 10;

/**
 * The one item of `candidates` named `name`. `everything` (by default the candidates) is what the suggestions come
 * from, asked for only when nothing has the name: a caller that listed with a name filter passes the full listing.
 */
export async function findByName<T>(name: string, candidates: T[], how: NameLookup<T>, everything: () => T[] | Promise<T[]> = () => candidates): Promise<T> {
  const named = candidates.filter((c) => how.nameOf(c) === name);
  if (named.length === 1) return named[0];
  if (named.length > 1) throw new UsageError(`${named.length} ${how.plural} are named '${name}'; give the id instead:\n${named.map(how.line).join("\n")}`);
  const all = await everything();
  const lower = name.toLowerCase();
  // An id-like input (a UUID, a run of hex digits) is not a misspelt name: "d1" is in it by chance, not by intent.
  const idLike = LOOKS_LIKE_ID.test(name);
  const near = idLike
    ? []
    : all.filter((c) => {
        const other = how.nameOf(c)?.toLowerCase();
        return Boolean(other) && (other!.includes(lower) || lower.includes(other!));
      });
  const pool = near.length ? near : all;
  const limit = near.length ? NEAR : LISTED;
  const shown = pool.slice(0, limit).map(how.line);
  if (pool.length > limit) shown.push(`  … and ${pool.length - limit} more (hyperdrive list shows them all)`);
  const heading = near.length ? "Did you mean" : idLike ? `${how.heading} (no ${how.plural.replace(/s$/, "")} has this id or name)` : how.heading;
  throw new UsageError(how.notFound, all.length === 0 ? how.none : `${heading}:\n${shown.join("\n")}`);
}

/** A dashed UUID, or 16 or more hex digits: what an id looks like, copied with a character too many or too few. */
const LOOKS_LIKE_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})$/i;
