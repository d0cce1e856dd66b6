import { afterEach, describe, expect, it } from 'vitest';
import { blockReload, isReloadKey } from './reload';

const press = (init: KeyboardEventInit) => {
  const e = new KeyboardEvent('keydown', { ...init, cancelable: true, bubbles: true });
  document.body.dispatchEvent(e);
  return e.defaultPrevented;
};

describe('the reload block', () => {
  let unblock: (() => void) | null = null;
  afterEach(() => {
    unblock?.();
    unblock = null;
    document.body.innerHTML = '';
  });

  it('knows the reload keys, on a Korean layout too, and leaves other shortcuts alone', () => {
    expect(isReloadKey({ key: 'F5', code: 'F5', ctrlKey: false, metaKey: false, altKey: false })).toBe(true);
    expect(isReloadKey({ key: 'ㄱ', code: 'KeyR', ctrlKey: true, metaKey: false, altKey: false })).toBe(true);
    expect(isReloadKey({ key: 'R', code: 'KeyR', ctrlKey: true, metaKey: false, altKey: false })).toBe(true);
    expect(isReloadKey({ key: 'r', code: 'KeyR', ctrlKey: false, metaKey: false, altKey: false })).toBe(false);
    expect(isReloadKey({ key: 'l', code: 'KeyL', ctrlKey: true, metaKey: false, altKey: false })).toBe(false);
  });

  it('prevents F5 and Ctrl+R once installed, and stops when removed', () => {
    expect(press({ key: 'F5', code: 'F5' }), 'nothing installed yet').toBe(false);
    unblock = blockReload(window);
    expect(press({ key: 'F5', code: 'F5' })).toBe(true);
    expect(press({ key: 'r', code: 'KeyR', ctrlKey: true })).toBe(true);
    expect(press({ key: 'a', code: 'KeyA' }), 'typing is untouched').toBe(false);
    unblock();
    unblock = null;
    expect(press({ key: 'F5', code: 'F5' })).toBe(false);
  });

  it('keeps the context menu in text fields only', () => {
    unblock = blockReload(window);
    document.body.innerHTML = '<p id="text">사건</p><input id="field" type="text"><input id="box" type="checkbox"><textarea id="notes"></textarea>';
    const menu = (id: string) => {
      const e = new MouseEvent('contextmenu', { cancelable: true, bubbles: true });
      document.getElementById(id)!.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(menu('text'), 'the page menu has 다시 읽기').toBe(true);
    expect(menu('box')).toBe(true);
    expect(menu('field'), 'cut, copy, paste stay').toBe(false);
    expect(menu('notes')).toBe(false);
  });
});
