/**
 * What the server tells the widget at page load (embedded in /widget as a non-executable
 * <script type="application/json" id="flex-webchat-config">, so no inline script runs).
 */

export type FormFieldType = 'text' | 'email' | 'textarea' | 'select';

export interface FormField {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** For `select`. */
  options?: string[];
}

export interface WidgetConfig {
  /** Twilsock URL handed to the SDK as `{ Twilsock: { uri } }`; absent = Twilio's default. */
  twilsockUrl?: string;
  /** The pre-engagement form. The field with key `friendlyName` is the visitor's name; `question` is the question. */
  preEngagementForm: FormField[];
  attachments: {
    enabled: boolean;
    /** Per-file limit in bytes (the SDK's connect-time limit, if smaller, wins). */
    maxFileBytes: number;
    /** Accepted extensions, lower case, without dot (Flex web chat defaults). */
    extensions: string[];
  };
}

export const DEFAULT_PRE_ENGAGEMENT_FORM: FormField[] = [
  { key: 'friendlyName', label: 'Name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: false },
  { key: 'question', label: 'How can we help?', type: 'textarea', required: true },
];

export const FLEX_WEBCHAT_EXTENSIONS = ['jpg', 'jpeg', 'png', 'amr', 'mp3', 'mp4', 'pdf', 'heic', 'txt', 'gif'];
export const FLEX_MAX_FILE_BYTES = 16_777_216;
