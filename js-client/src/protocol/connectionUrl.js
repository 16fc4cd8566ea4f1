// The WebSocket URL CppComet servers parse positionally (docs/CPPCOMET.md §3.1): sesion, myid, devid, v, uuid, api, in this order.

import { readStored, writeStored } from "../storage.js";

/** The JS API version announced in `v=`; the server's output format depends on its major number (§3.3). */
export const API_VERSION = "4.08";

export const UUID_STORAGE_KEY = "comet_server_uuid";

const UUID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const UUID_LENGTH = 32;
const VALID_UUID = /^[A-Za-z0-9_-]{32}$/;

/**
 * `ws[s]://<node>/ws/sesion=<key>&myid=<id>&devid=<dev>&v=4.08&uuid=<uuid>&api=js`. A node is `host[:port][/prefix]`;
 * a scheme given with it (`wss://`, `https://`) is honoured, otherwise `wss` follows the option or the page.
 * Missing key and user id are sent empty (the server reads them as anonymous).
 */
export function connectionUrl({ node, wss, userKey, userId, devId, uuid }) {
  const schemed = /^(wss?|https?):\/\/(.*)$/i.exec(node);
  const secure = schemed ? /^(wss|https)$/i.test(schemed[1]) : wss === true || (wss === undefined && pageIsSecure());
  const address = (schemed ? schemed[2] : node).replace(/\/+$/, "");
  return (secure ? "wss://" : "ws://") + address + "/ws/sesion=" + text(userKey) + "&myid=" + text(userId)
    + "&devid=" + text(devId) + "&v=" + API_VERSION + "&uuid=" + uuid + "&api=js";
}

function text(value) {
  return value === undefined || value === null ? "" : String(value);
}

function pageIsSecure() {
  return typeof location !== "undefined" && location.protocol === "https:";
}

/** The browser's device id: remembered in localStorage so that presence lists show the same uuid across reloads. */
export function deviceUuid(random = randomInt) {
  const stored = readStored(UUID_STORAGE_KEY);
  if (stored && VALID_UUID.test(stored)) {
    return stored;
  }
  const uuid = newUuid(random);
  writeStored(UUID_STORAGE_KEY, uuid);
  return uuid;
}

/** 32 characters of `[A-Za-z0-9_-]`: the server copies exactly 32 bytes after `uuid=`. */
export function newUuid(random = randomInt) {
  let uuid = "";
  for (let i = 0; i < UUID_LENGTH; i++) {
    uuid += UUID_ALPHABET.charAt(random(UUID_ALPHABET.length));
  }
  return uuid;
}

/** Uniform integer in [0, bound), from the platform's cryptographic generator when there is one. */
export function randomInt(bound) {
  const crypto = globalThis.crypto;
  if (crypto && crypto.getRandomValues) {
    const value = crypto.getRandomValues(new Uint32Array(1))[0];
    return value % bound;
  }
  return Math.floor(Math.random() * bound);
}
