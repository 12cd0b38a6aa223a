/**
 * The English strings the widget's first paint can show (launcher names, the form, loading and
 * error states, the ended view's first words): part of the English catalogue `en`
 * (contracts/i18n/en.ts), in a module of its own so the first paint carries these and not the
 * chat view's (./en-chat-view.ts).
 */
export const enFirstPaint = {
  panelTitle: 'Chat',
  closeChat: 'Close chat',
  // the launcher's name on the host page (sent to the loader; it has its own copy of openChat and closeChat for before the widget loads)
  openChat: 'Open chat',
  openChatUnread: {
    one: 'Open chat, {count} unread message',
    other: 'Open chat, {count} unread messages',
  },
  // the host tab's title while a new message waits (the loader alternates it with the page's own)
  titleNewMessages: { one: '({count}) New message', other: '({count}) New messages' },
  loading: 'Loading…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  retry: 'Retry',
  // pre-engagement form
  formTitle: 'Chat with us',
  formIntro: 'Tell us a little about yourself and we will connect you with an agent.',
  startChat: 'Start chat',
  // validation, per field where the form knows what the field is (key), else by its label
  fieldRequiredName: 'Please enter your name.',
  fieldRequiredEmail: 'Please enter your email address.',
  fieldRequiredQuestion: 'Please tell us how we can help.',
  fieldRequired: 'Please fill in “{label}”.',
  fieldRequiredChoice: 'Please choose an option for “{label}”.',
  fieldInvalidEmail: 'Please enter an email address like name@example.com.',
  optional: '(optional)',
  selectPlaceholder: 'Choose…',
  defaultGuestName: 'Guest',
  // the default pre-engagement form's labels (a configured form brings its own)
  labelName: 'Name',
  labelEmail: 'Email',
  labelQuestion: 'How can we help?',
  // init errors
  initFailed: 'We could not start the chat.',
  // a site that verifies its customers (identity tokens)
  signInRequired: 'Please sign in to chat with us.',
  signInNotConfirmed: 'We could not confirm that you are signed in. Please reload the page and try again.',
  // the way into a verified customer's previous conversations (under the form and the ended view)
  previousConversations: 'Previous conversations',
  rateLimited: {
    one: 'Too many attempts. Please wait {seconds} second and try again.',
    other: 'Too many attempts. Please wait {seconds} seconds and try again.',
  },
  rateLimitedShort: 'Too many attempts. Please wait a moment and try again.',
  networkError: 'The chat service could not be reached. Check your connection and try again.',
  // session
  storageDenied: 'This browser blocks storage for the chat: the conversation lasts only while this page is open.',
  ended: 'This conversation has ended.',
  sessionExpired: 'Your session has expired.',
  startNewChat: 'Start new chat',
  // business hours (BUSINESS_HOURS, OFFLINE_MODE) and the bot check (TURNSTILE_*), in the form's place
  offlineTitle: "We're offline right now.",
  backOn: "We'll be back {day} at {time}.",
  replyFrom: "Leave a message and we'll reply {day} at {time}.",
  botCheckFailed: 'Please complete the security check and try again.',
} as const;
