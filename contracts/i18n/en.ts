/**
 * Every English string of the widget UI, keyed: the source catalogue every other locale
 * (widget/i18n/locales/*.ts) must match key for key, placeholder for placeholder. `{name}`-style
 * placeholders are filled by `t()`; plural entries have one form per CLDR plural category of the
 * locale (English: `one` / `other`), chosen with Intl.PluralRules on the first number among the
 * parameters. docs/widget.md's table of keys is generated from this file (`npm run docs:strings`).
 */
export const en = {
  panelTitle: 'Chat',
  closeChat: 'Close chat',
  // the launcher's name on the host page (sent to the loader; it has its own copy of openChat and closeChat for before the widget loads)
  openChat: 'Open chat',
  openChatUnread: {
    one: 'Open chat, {count} unread message',
    other: 'Open chat, {count} unread messages',
  },
  // the host tab's title, alternating with the page's own, while a new message waits (panel closed or tab hidden)
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
  rateLimited: {
    one: 'Too many attempts. Please wait {seconds} second and try again.',
    other: 'Too many attempts. Please wait {seconds} seconds and try again.',
  },
  rateLimitedShort: 'Too many attempts. Please wait a moment and try again.',
  networkError: 'The chat service could not be reached. Check your connection and try again.',
  // chat
  messages: 'Messages',
  you: 'You',
  today: 'Today',
  yesterday: 'Yesterday',
  newMessagesDivider: 'New messages',
  jumpToNew: { one: '{count} new message', other: '{count} new messages' },
  loadingOlder: 'Loading earlier messages…',
  typingOne: '{name} is typing…',
  typingMany: '{names} are typing…',
  // the agent's status under their name in the header, while they type
  agentTyping: 'typing…',
  read: 'Read',
  sending: 'Sending…',
  notSent: 'Not sent',
  messageFrom: 'Message from {name}: {body}',
  attachmentFrom: '{name} sent a file: {file}',
  // composer
  typeMessage: 'Type a message',
  send: 'Send',
  charactersLeft: { one: '{count} character left', other: '{count} characters left' },
  charactersOver: { one: '{count} character over the limit', other: '{count} characters over the limit' },
  attachFile: 'Attach file',
  dropFiles: 'Drop a file to attach it',
  removeAttachment: 'Remove {file}',
  retryUpload: 'Retry upload of {file}',
  uploading: 'Uploading {file}…',
  uploadFailed: 'Upload of {file} failed.',
  fileTooLarge: '{file} is larger than {limit}.',
  fileTypeNotAllowed: '{file} is not an allowed file type ({types}).',
  download: 'Download {file}',
  imageAlt: 'Image: {file}',
  // the image viewer (lightbox): named by imageAlt, with a download link named by download
  closeImage: 'Close image',
  // rich content from bots and agents: the name of a message's quick replies or list, a location's link
  chooseOption: 'Choose an option',
  openMap: 'Open map',
  // session
  storageDenied: 'This browser blocks storage for the chat: the conversation lasts only while this page is open.',
  endChat: 'End chat',
  endChatQuestion: 'End this chat?',
  cancel: 'Cancel',
  endChatFailed: 'The chat could not be ended. Please try again.',
  ended: 'This conversation has ended.',
  sessionExpired: 'Your session has expired.',
  startNewChat: 'Start new chat',
  // business hours ({day}: today, tomorrow, a weekday or a date; {time}: in the visitor's time zone) and the bot check
  offlineTitle: "We're offline right now.",
  backOn: "We'll be back {day} at {time}.",
  replyFrom: "Leave a message and we'll reply {day} at {time}.",
  botCheckFailed: 'Please complete the security check and try again.',
} as const;

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
/** A plural entry: one form per plural category of its locale (`other` always). */
export type Plural = Readonly<Partial<Record<PluralCategory, string>>> & { readonly other: string };
export type StringKey = keyof typeof en;
/** Keys whose English entry is a plural. */
export type PluralKey = { [K in StringKey]: (typeof en)[K] extends string ? never : K }[StringKey];
export type Catalogue = { readonly [K in StringKey]: K extends PluralKey ? Plural : string };
