// Helpers shared by the endpoint modules.

import { WecomApiError } from '../errors';

/**
 * Deletes are idempotent, but the repeat of a delete whose first answer was lost says "not
 * found": that is our own delete having landed, so it counts as success.
 */
export async function deleteTolerant(run: () => Promise<unknown>, notFound: readonly number[]): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof WecomApiError && err.lostAnswer && notFound.includes(err.errcode)) return;
    throw err;
  }
}

/** Walk a cursor-paged list to its end (an empty next_cursor ends it). */
export async function* pages<P extends { next_cursor: string }>(fetchPage: (cursor: string | undefined) => Promise<P>): AsyncGenerator<P> {
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    if (!page.next_cursor || seen.has(page.next_cursor)) return; // a repeated cursor would loop forever
    seen.add(page.next_cursor);
    cursor = page.next_cursor;
  }
}
