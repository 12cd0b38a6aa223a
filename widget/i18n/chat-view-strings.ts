/**
 * The English strings only the chat view shows, added when the chat view's code loads (imported
 * for this effect by widget/ui/Chat.tsx and widget/chat/live-conversation.ts), so the first paint
 * does not carry them. Translated catalogues hold every string already.
 */
import { enChatView } from '../../contracts/i18n/en-chat-view.ts';
import { addEnglish } from './index.ts';

addEnglish(enChatView);
