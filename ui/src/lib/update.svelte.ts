/**
 * Updates as the window knows them: checked once after login and again from 설정 → 정보.
 * The shell contacts the update address only when a lead has set one (`check_update`), so
 * with none set the check answers null without a request.
 */
import * as backend from './backend';
import type { UpdateOffer } from './backend';

export const updates = $state({
  /** A newer version found by the last check. */
  offer: null as UpdateOffer | null,
  /** The last check has answered (with or without an offer). */
  checked: false,
  checking: false,
  installing: false,
  failure: null as { message: string; code: backend.ErrorCode } | null,
});

/** Asks the update address (if any) for a newer version. Failures are kept for 설정 → 정보,
 * never thrown: an unreachable server must not get in a counselor's way. */
export async function checkForUpdate() {
  if (updates.checking) return;
  updates.checking = true;
  updates.failure = null;
  try {
    updates.offer = await backend.checkUpdate();
    updates.checked = true;
  } catch (reason) {
    const err = backend.toBackendError(reason);
    updates.failure = { message: err.message, code: err.code };
  } finally {
    updates.checking = false;
  }
}

/** Installs the offered version; the app restarts into it when the signature matches. */
export async function installUpdate() {
  if (updates.installing) return;
  updates.installing = true;
  updates.failure = null;
  try {
    await backend.installUpdate();
  } catch (reason) {
    const err = backend.toBackendError(reason);
    updates.failure = { message: err.message, code: err.code };
  } finally {
    updates.installing = false;
  }
}

/** Forgets what was found, when the address changes. */
export function resetUpdates() {
  updates.offer = null;
  updates.checked = false;
  updates.failure = null;
}
