/**
 * The launcher's names before the widget is loaded, in every shipped locale: "Open chat|Close chat".
 * Once loaded, the widget sends its own (`launcherNames`: its catalogue's openChat / closeChat with
 * the site's WIDGET_STRINGS overrides, and the plural-correct unread count, which only exists once
 * the widget runs); these are the same words (test/loader/launcher-strings.test.ts).
 */
export const LAUNCHER_STRINGS: Record<string, string> = {
  en: 'Open chat|Close chat',
  de: 'Chat öffnen|Chat schließen',
  fr: 'Ouvrir le chat|Fermer le chat',
  es: 'Abrir el chat|Cerrar el chat',
  it: 'Apri la chat|Chiudi la chat',
  pt: 'Abrir o chat|Fechar o chat',
  nl: 'Chat openen|Chat sluiten',
  pl: 'Otwórz czat|Zamknij czat',
  sv: 'Öppna chatten|Stäng chatten',
  tr: 'Sohbeti aç|Sohbeti kapat',
  ja: 'チャットを開く|チャットを閉じる',
  zh: '打开聊天|关闭聊天',
  ar: 'فتح الدردشة|إغلاق الدردشة',
  he: 'פתיחת הצ׳אט|סגירת הצ׳אט',
};

/** The language of the first tag we ship (data-locale alone when given, else the browser's). */
export const launcherLanguage = (tags: readonly string[]): string | undefined =>
  tags.map((tag) => tag.split(/[-_]/)[0]!.toLowerCase()).find((lang) => Object.hasOwn(LAUNCHER_STRINGS, lang));

/** The launcher's own name, open (false) or close (true), in a shipped language. */
export const launcherName = (lang: string, open: boolean): string => LAUNCHER_STRINGS[lang]!.split('|')[+open]!;
