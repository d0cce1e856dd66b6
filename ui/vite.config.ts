import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  // Keep Tauri's and cargo's output readable when both run in one terminal.
  clearScreen: false,
  // Component tests mount Svelte in jsdom, which needs Svelte's browser build
  // (vitest runs in mode "test").
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  // Tests read the Rust sources that list what the UI must know by name (error codes, code
  // lists), so the two cannot drift apart.
  server: mode === 'test' ? { fs: { allow: ['.', '../src', '../src-tauri/src'] } } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
}));
