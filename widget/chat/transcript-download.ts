/**
 * "Download transcript": loads the conversation's older pages, gathers its messages (authors by
 * display name, temporary links for attachments), builds the file in the visitor's language and
 * saves it through a `download` link (the loader's iframe sandbox has allow-downloads for this).
 * A lazy chunk of its own: loaded on the first click.
 */
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { direction, locale, t } from '../i18n/index.ts';
import type { LiveConversation } from './live-conversation.ts';
import {
  conversationDate,
  transcriptFileName,
  transcriptHtml,
  transcriptText,
  type Transcript,
  type TranscriptFormat,
} from './transcript.ts';

export async function gatherTranscript(conversation: LiveConversation): Promise<Transcript> {
  await conversation.loadAll();
  const messages = conversation.messages.value;
  const tag = locale();
  const entries = await Promise.all(
    messages.map(async (message) => ({
      time: message.time,
      // One line per message: a name cannot start a line of its own.
      author: withoutBidiControls(conversation.displayName(message.author)).replace(/\s+/g, ' '),
      body: message.body,
      attachments: await Promise.all(
        message.media.map(async (media, index) => ({
          name: withoutBidiControls(media.filename),
          url: await conversation.mediaUrl(message, index).catch(() => undefined),
        })),
      ),
    })),
  );
  return {
    title: t('transcriptTitle', { date: conversationDate(messages[0]?.time ?? Date.now(), tag) }),
    locale: tag,
    dir: direction(),
    attachmentLabel: (file) => t('transcriptAttachment', { file }),
    entries,
  };
}

/** Builds the transcript in `format` and hands it to the browser as a download. */
export async function downloadTranscript(conversation: LiveConversation, format: TranscriptFormat): Promise<void> {
  const transcript = await gatherTranscript(conversation);
  const [content, type] =
    format === 'html'
      ? [transcriptHtml(transcript), 'text/html;charset=utf-8']
      : // A byte order mark, so every text editor reads it as UTF-8.
        ['\uFEFF' + transcriptText(transcript), 'text/plain;charset=utf-8'];
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = transcriptFileName(transcript.entries[0]?.time ?? Date.now(), format);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
