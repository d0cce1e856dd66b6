/**
 * Mounting for the screen tests: one screen (or the whole window) on the page over the fake
 * backend, and the clean-up after each test, so that every test file mounts the same way.
 */
import { flushSync, mount, unmount, type Component } from 'svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { app, loadShared } from '../lib/app.svelte';
import { session } from '../lib/session.svelte';
import { settle } from './fakeBackend';

let mounted: ReturnType<typeof mount> | undefined;

/** Lets pending IPC calls finish, then applies Svelte's updates. */
export async function idle(times = 10) {
  await settle(times);
  flushSync();
}

/**
 * Mounts `component` on the page and lets its first calls settle (`times` rounds). A screen
 * alone needs what the window loads at start (code lists, counselors, settings: `shared`);
 * the whole window (`App`) loads it itself, so it passes `shared: false`.
 */
export async function render<Props extends Record<string, unknown>>(
  component: Component<Props>,
  options: { props?: Props; shared?: boolean; times?: number } = {},
) {
  const { props, shared = true, times = 5 } = options;
  if (shared) await loadShared();
  mounted = mount(component, { target: document.body, props: props as Props });
  await idle(times);
}

/** Takes the mounted screen off the page; the fake backend keeps its state. */
export function unrender() {
  if (mounted) unmount(mounted);
  mounted = undefined;
  document.body.innerHTML = '';
}

/** After each test: the page emptied, the shared state as at start, the fake backend gone. */
export function cleanup() {
  unrender();
  app.screen = 'home';
  app.locale = 'ko';
  app.boothEvent = null;
  session.view = null;
  session.recoveryCode = null;
  clearMocks();
}
