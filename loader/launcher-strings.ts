/**
 * The launcher's accessible names in every shipped locale, so the button speaks the visitor's
 * language before the widget was ever loaded: "open|close|unread", the unread count (after ", ") in its `other`
 * plural form followed by the forms that differ, each prefixed by its category's initial
 * (o = one, t = two, f = few, m = many); `#` is the count. The widget's catalogues
 * (widget/i18n/locales) hold the same "Close chat" (test/loader/launcher-strings.test.ts).
 */
export const LAUNCHER_STRINGS: Record<string, string> = {
  en: 'Open chat|Close chat|# unread messages|o# unread message',
  de: 'Chat öffnen|Chat schließen|# ungelesene Nachrichten|o# ungelesene Nachricht',
  fr: 'Ouvrir le chat|Fermer le chat|# messages non lus|o# message non lu',
  es: 'Abrir el chat|Cerrar el chat|# mensajes sin leer|o# mensaje sin leer',
  it: 'Apri la chat|Chiudi la chat|# messaggi non letti|o# messaggio non letto',
  pt: 'Abrir o chat|Fechar o chat|# mensagens não lidas|o# mensagem não lida',
  nl: 'Chat openen|Chat sluiten|# ongelezen berichten|o# ongelezen bericht',
  pl: 'Otwórz czat|Zamknij czat|# nieprzeczytanej wiadomości|o# nieprzeczytana wiadomość|f# nieprzeczytane wiadomości|m# nieprzeczytanych wiadomości',
  sv: 'Öppna chatten|Stäng chatten|# olästa meddelanden|o# oläst meddelande',
  tr: 'Sohbeti aç|Sohbeti kapat|# okunmamış mesaj',
  ja: 'チャットを開く|チャットを閉じる|未読メッセージ #件',
  zh: '打开聊天|关闭聊天|# 条未读消息',
  ar: 'فتح الدردشة|إغلاق الدردشة|# رسالة غير مقروءة|oرسالة واحدة غير مقروءة|tرسالتان غير مقروءتين|f# رسائل غير مقروءة',
  he: 'פתיחת הצ׳אט|סגירת הצ׳אט|# הודעות שלא נקראו|oהודעה אחת שלא נקראה|tשתי הודעות שלא נקראו',
};

/** The language of the first tag we ship (data-locale alone when given, else the browser's). */
export const launcherLanguage = (tags: readonly string[]): string | undefined =>
  tags.map((tag) => tag.split(/[-_]/)[0]!.toLowerCase()).find((lang) => Object.hasOwn(LAUNCHER_STRINGS, lang));

/** The launcher's name: open or close, with the plural-correct unread count. */
export const launcherLabel = (lang: string, open: boolean, unread: number): string => {
  const [openChat, closeChat, other, ...forms] = LAUNCHER_STRINGS[lang]!.split('|') as [
    string,
    string,
    string,
    ...string[],
  ];
  const category = new Intl.PluralRules(lang).select(unread);
  const form = forms.find((f) => category != 'other' && f.startsWith(category.charAt(0)));
  return open
    ? closeChat
    : openChat + (unread ? ', ' + (form ? form.slice(1) : other).replace('#', unread as never) : '');
};
