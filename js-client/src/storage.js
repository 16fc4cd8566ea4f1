// localStorage access that never throws: it is missing in Node and workers and throws in sandboxed iframes.

export function readStored(key) {
  try {
    return globalThis.localStorage ? globalThis.localStorage.getItem(key) : null;
  } catch (ignored) {
    return null;
  }
}

export function writeStored(key, value) {
  try {
    if (globalThis.localStorage) {
      globalThis.localStorage.setItem(key, value);
    }
  } catch (ignored) {
    // storage full or forbidden: the value just is not remembered
  }
}
