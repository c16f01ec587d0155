// Entry: wires Pinia, i18n and the router into the app. Nothing else lives here.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { z } from 'zod';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import './styles.css';

// The CSP has no 'unsafe-eval': tell zod not to probe for `new Function` (a CSP violation each load).
z.config({ jitless: true });

createApp(App).use(createPinia()).use(createAppI18n()).use(createAppRouter()).mount('#app');
