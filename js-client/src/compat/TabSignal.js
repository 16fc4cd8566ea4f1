// CppComet's `tabSignal` / `comet_server_signal()`: a small named-signal bus pages use for their own events;
// `emitAll` also reaches the page's other tabs through localStorage `storage` events.

import { writeStored } from "../storage.js";

const STORAGE_KEY = "tabSignal_storage_emit";

export class TabSignal {
  constructor() {
    this.slots = new Map(); // signal name -> Map(slot name -> function)
    this.nextSlot = 1;
    if (typeof globalThis.addEventListener === "function") {
      globalThis.addEventListener("storage", (event) => this.fromOtherTab(event));
    }
  }

  /** `connect(signal, fn)` or `connect(slotName, signal, fn)`; returns the slot name used by `disconnect`. */
  connect(slotName, signalName, slot) {
    if (typeof signalName === "function") {
      slot = signalName;
      signalName = slotName;
      slotName = "slot_" + this.nextSlot++;
    }
    if (typeof slot !== "function") {
      return false;
    }
    if (!this.slots.has(signalName)) {
      this.slots.set(signalName, new Map());
    }
    this.slots.get(signalName).set(slotName, slot);
    return slotName;
  }

  disconnect(slotName, signalName) {
    const bySignal = signalName === undefined ? [...this.slots.values()] : [this.slots.get(signalName)];
    return bySignal.some((slots) => slots !== undefined && slots.delete(slotName));
  }

  /** Calls this tab's slots of the signal with `(param, signalName)`. */
  emit(signalName, param) {
    const slots = this.slots.get(signalName);
    if (!slots) {
      return;
    }
    for (const slot of [...slots.values()]) {
      try {
        slot(param, signalName);
      } catch (error) {
        globalThis.console && globalThis.console.error(error);
      }
    }
  }

  /** Emits here and in every other tab of this origin. */
  emitAll(signalName, param) {
    this.emit(signalName, param);
    // A changing nonce makes every emit a storage change, even when the same signal repeats.
    writeStored(STORAGE_KEY, JSON.stringify({ name: signalName, param, nonce: Date.now() + Math.random() }));
  }

  fromOtherTab(event) {
    if (event.key !== STORAGE_KEY || !event.newValue) {
      return;
    }
    try {
      const signal = JSON.parse(event.newValue);
      this.emit(signal.name, signal.param);
    } catch (ignored) {
      // someone else's value under our key
    }
  }
}
