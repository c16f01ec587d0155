// Hash history: the renderer is loaded from a file in the packaged app.
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import InvalidConfigView from './views/InvalidConfigView.vue';
import KeychainView from './views/KeychainView.vue';
import MainView from './views/MainView.vue';
import SettingsView from './views/SettingsView.vue';
import SignInView from './views/SignInView.vue';
import StartupView from './views/StartupView.vue';
import WizardView from './views/WizardView.vue';

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'startup' } },
  { path: '/startup', name: 'startup', component: StartupView },
  { path: '/wizard', name: 'wizard', component: WizardView },
  { path: '/invalid-config', name: 'invalid-config', component: InvalidConfigView },
  { path: '/keychain', name: 'keychain', component: KeychainView },
  { path: '/signin', name: 'signin', component: SignInView },
  { path: '/main', name: 'main', component: MainView },
  { path: '/settings', name: 'settings', component: SettingsView },
  { path: '/:rest(.*)*', redirect: { name: 'startup' } },
];

export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}
