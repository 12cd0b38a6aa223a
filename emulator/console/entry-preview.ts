/** The line under a list entry's name: the last message ("Where is…", "Sam: It ships…"), else the question. */
import type { ConversationSummary } from '../control-client.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';

const MAX_PREVIEW = 160;

function shortened(text: string): string {
  const line = withoutBidiControls(text).replace(/\s+/g, ' ').trim();
  return line.length > MAX_PREVIEW ? `${line.slice(0, MAX_PREVIEW - 1)}…` : line;
}

export function entryPreview(conversation: ConversationSummary): string {
  const last = conversation.lastMessage;
  if (last) {
    const author = conversation.participants.find((p) => p.identity === last.author);
    const files = last.mediaCount === 1 ? '(a file)' : `(${last.mediaCount} files)`;
    const what = last.body ? shortened(last.body) : last.mediaCount > 0 ? files : '';
    // The visitor's own words alone; anyone else's (an agent, a bot) with their name.
    if (author?.role === 'customer') return what;
    return `${withoutBidiControls(author?.friendlyName ?? last.author)}: ${what}`;
  }
  const question = conversation.attributes.pre_engagement_data?.question;
  if (typeof question === 'string' && question.trim()) return shortened(question);
  return 'No messages yet';
}
