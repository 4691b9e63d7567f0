import i18next, { i18n } from 'i18next';
import type { NotificationKind } from '../notification.entity';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';

export const SUPPORTED_LOCALES = ['en', 'fr', 'es'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = 'en';

/** `fr`, `fr-CA`, `FR_fr` → `fr`; anything unsupported → `en`. */
export function resolveLocale(locale: string | null | undefined): SupportedLocale {
  const language = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(language) ? (language as SupportedLocale) : DEFAULT_LOCALE;
}

export interface MessageParams {
  ticketNumber: string;
  /** Canonical status; rendered through the catalog's `status` names. */
  status?: string;
  preview?: string;
}

/**
 * The notification message catalogs (i18n/<locale>.json) behind one i18next
 * instance. Notifications are plain text shown by apps, not HTML, so values
 * are not HTML-escaped; a key missing in a locale falls back to English.
 */
export class NotificationMessages {
  private readonly i18n: i18n;

  constructor() {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      initAsync: false,
      resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es } },
      supportedLngs: [...SUPPORTED_LOCALES],
      fallbackLng: DEFAULT_LOCALE,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  render(kind: NotificationKind, locale: string | null | undefined, params: MessageParams): { locale: SupportedLocale; title: string; body: string } {
    const lng = resolveLocale(locale);
    // i18n.t with `lng`, not getFixedT: a fixed t copies all of i18next's options on every call, which
    // made rendering four times slower and, once V8 moved those copies to the old generation, a steady
    // source of full collections under load (docs/benchmarks.md, "Garbage").
    const status = params.status ? this.i18n.t(`status.${params.status}`, { lng, defaultValue: params.status }) : '';
    const values = { lng, ticketNumber: params.ticketNumber, status, preview: params.preview ?? '' };
    return { locale: lng, title: this.i18n.t(`${kind}.title`, values), body: this.i18n.t(`${kind}.body`, values) };
  }
}
