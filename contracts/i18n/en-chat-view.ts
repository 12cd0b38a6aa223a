/**
 * The English strings only the chat view shows: part of the English catalogue `en`
 * (contracts/i18n/en.ts, where every string is listed), in a module of its own so the widget loads
 * them with the chat view rather than in its first paint.
 */
export const enChatView = {
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
  // quiet lines in the log when an agent joins or leaves (a transfer to another agent)
  agentJoined: '{name} joined the chat',
  agentLeft: '{name} left the chat',
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
  // rich content from bots and agents: the name of a message's quick replies or list, a location's link
  chooseOption: 'Choose an option',
  openMap: 'Open map',
  // the header's "End chat"
  endChat: 'End chat',
  endChatQuestion: 'End this chat?',
  cancel: 'Cancel',
  endChatFailed: 'The chat could not be ended. Please try again.',
  // transcript
  downloadTranscript: 'Download transcript',
  transcriptText: 'Plain text (.txt)',
  transcriptHtml: 'Printable page (.html)',
  transcriptFailed: 'The transcript could not be prepared. Please try again.',
  transcriptTitle: 'Chat transcript, {date}',
  transcriptAttachment: 'Attachment: {file}',
  // post-chat survey
  surveyQuestion: 'How was your chat?',
  rating1: 'Very poor',
  rating2: 'Poor',
  rating3: 'Okay',
  rating4: 'Good',
  rating5: 'Excellent',
  ratingRequired: 'Please choose a rating from 1 to 5.',
  feedbackComment: 'Anything you would like to add?',
  sendFeedback: 'Send feedback',
  feedbackThanks: 'Thanks for your feedback!',
  feedbackFailed: 'Your feedback could not be sent. Please try again.',
  // the image viewer (lightbox)
  closeImage: 'Close image',
  // previous conversations (a verified customer's earlier chats, read-only; the list and the reader)
  back: 'Back',
  previousEmpty: 'You have no previous conversations yet.',
  previousLoadFailed: 'Your previous conversations could not be loaded.',
  previousConversationOf: 'Conversation of {date}',
  previousNoText: 'No message',
  previousReadOnly: 'This conversation has ended. You can read it, but not reply.',
  previousFile: 'File: {file}',
} as const;
