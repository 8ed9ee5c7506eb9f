// Preload for the Prisma CLI only (scripts/prisma.ts). Prisma 6.19.3's Wasm schema engine arms
// 10 s / 60 s timers it never clears, so the CLI idles that long after finishing. Timers created
// from inside the Wasm module are unref'd here so they no longer keep the process alive.
const armTimer = global.setTimeout;
global.setTimeout = function setTimeout(callback, ms, ...args) {
  const timer = armTimer(callback, ms, ...args);
  if (ms >= 5000 && timer && typeof timer.unref === 'function' && /wasm:\/\//.test(new Error().stack || '')) timer.unref();
  return timer;
};
