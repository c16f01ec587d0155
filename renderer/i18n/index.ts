import { createI18n } from 'vue-i18n';
import en from './en';

export type MessageSchema = typeof en;

/** One i18n instance for the app; add zh-TW to `messages` when its file exists. */
export function createAppI18n() {
  return createI18n<[MessageSchema], 'en', false>({
    legacy: false,
    locale: 'en',
    fallbackLocale: 'en',
    messages: { en },
  });
}
