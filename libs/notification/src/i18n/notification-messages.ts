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
    const t = this.i18n.getFixedT(lng);
    const status = params.status ? t(`status.${params.status}`, { defaultValue: params.status }) : '';
    const values = { ticketNumber: params.ticketNumber, status, preview: params.preview ?? '' };
    return { locale: lng, title: t(`${kind}.title`, values), body: t(`${kind}.body`, values) };
  }
}
