// Entry: wires Pinia, i18n and the router into the app. Nothing else lives here.
import './zod-csp';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import './styles.css';

createApp(App).use(createPinia()).use(createAppI18n()).use(createAppRouter()).mount('#app');
