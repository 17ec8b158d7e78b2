// The default chatid: derived from the construct path, so the same code makes the same chats
// in every environment and a re-run finds the chat it made (appchat/create answers 86215).

import { createHash } from 'crypto';
import { LIMITS } from '../wecom/limits';

/**
 * "c" + the first 31 hex digits of sha256(construct path): 32 characters of [0-9a-z].
 * The stack name is part of the path, so two stacks (say, one per project) get different ids.
 * Moving a construct in the tree changes its id, and so replaces the chat: pass `chatId` to pin it.
 */
export function defaultChatId(constructPath: string): string {
  const hex = createHash('sha256').update(constructPath, 'utf8').digest('hex');
  return `c${hex.slice(0, LIMITS.CHAT_ID_MAX - 1)}`;
}
