import { describe, expect, it } from 'vitest';
import { formKeys } from './keys';

function press(target: HTMLElement, init: KeyboardEventInit & { keyCode?: number }) {
  const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe('form keys', () => {
  function setup(enterSaves: boolean) {
    const form = document.createElement('form');
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    form.append(input, area);
    let saves = 0;
    form.addEventListener('keydown', formKeys(() => saves++, enterSaves));
    return { input, area, saves: () => saves };
  }

  it('saves on Ctrl+Enter from any field, but not while the IME composes', () => {
    const { input, area, saves } = setup(false);
    press(area, { ctrlKey: true });
    press(input, { ctrlKey: true });
    press(input, { ctrlKey: true, isComposing: true });
    expect(saves()).toBe(2);
  });

  it('never submits a big form on a plain Enter, and keeps new lines in text areas', () => {
    const { input, area, saves } = setup(false);
    expect(press(input, {}).defaultPrevented).toBe(true);
    expect(press(area, {}).defaultPrevented).toBe(false);
    expect(saves()).toBe(0);
  });

  it('lets a small form save on Enter, except the Enter that ends a Korean syllable', () => {
    const { input, saves } = setup(true);
    press(input, { isComposing: true });
    press(input, { keyCode: 229 });
    expect(saves()).toBe(0);
    press(input, {});
    expect(saves()).toBe(1);
  });
});
