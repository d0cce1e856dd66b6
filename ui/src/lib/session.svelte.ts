/**
 * The session as the window sees it: setup, login, locked or open, and for whom. The shell
 * holds the truth (`session` in src-tauri) and refuses data commands unless the session is
 * open; this module only mirrors it, locks and logs out, and lets screens save what is typed
 * before the screen goes away (`onBeforeLeave`).
 */
import * as backend from './backend';
import type { Actor, Role, SessionView } from './backend';

/** The idle minutes before the screen locks when a lead has set none. */
export const DEFAULT_IDLE_MINUTES = 10;

export const session = $state({
  view: null as SessionView | null,
  /** The recovery code just after setup, until the lead confirms having written it down. It
   * is never stored: once confirmed, it is gone from the app. */
  recoveryCode: null as string | null,
  /** The idle lock as the lead set it, and the seconds the timer uses. */
  idleMinutes: DEFAULT_IDLE_MINUTES,
  idleSeconds: DEFAULT_IDLE_MINUTES * 60,
});

/** The account the session is open for, else null. */
export function openUser(view: SessionView | null = session.view): Actor | null {
  return view?.state === 'open' ? view.user : null;
}

const RANK: Record<Role, number> = { counselor: 0, supervisor: 1, lead: 2 };

/** Whether `role` is at least `least` (counselor < supervisor < lead). Only to hide what a
 * role cannot do: the core refuses it anyway. */
export function atLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

export async function refreshSession(): Promise<SessionView> {
  session.view = await backend.session();
  return session.view;
}

export async function loadLockPolicy() {
  const policy = await backend.lockPolicy();
  session.idleMinutes = policy.minutes;
  session.idleSeconds = policy.idleSeconds;
}

const beforeLeave = new Set<() => Promise<void> | void>();

/** Registers work to finish before the screen locks or the user logs out (an unfinished
 * form's draft); returns the function that unregisters it. */
export function onBeforeLeave(save: () => Promise<void> | void): () => void {
  beforeLeave.add(save);
  return () => beforeLeave.delete(save);
}

/** Runs every registered save; one that fails does not stop the others or the lock. */
export async function flushBeforeLeave() {
  await Promise.allSettled([...beforeLeave].map(async (save) => save()));
}

/** Locks the screen: drafts are saved first, then the shell closes the store. */
export async function lockScreen() {
  if (session.view?.state !== 'open') return;
  await flushBeforeLeave();
  session.view = await backend.lock();
}

export async function logOut() {
  if (session.view?.state === 'open') await flushBeforeLeave();
  session.view = await backend.logout();
}
