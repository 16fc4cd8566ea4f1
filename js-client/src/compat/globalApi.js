// The page-wide singletons CppComet pages reach through globals: one API object, one video API and one signal bus per
// page; and ours, the P2P call API.

import { CometServerApi } from "./CometServerApi.js";
import { TabSignal } from "./TabSignal.js";
import { CometVideoApi } from "../video/CometVideoApi.js";
import { CometCalls } from "../calls/CometCalls.js";

export const cometApi = new CometServerApi();

export const tabSignal = new TabSignal();

/** CppComet's `cometVideoApi`, on the page's connection. */
export const cometVideoApi = new CometVideoApi(cometApi);

/** P2P calls between browsers (ConnectyCube's video chat API in shape), on the page's connection. */
export const cometCalls = new CometCalls(cometApi);

/** CppComet: `CometServer()` returns the page's API object. */
export function CometServer() {
  return cometApi;
}

/** CppComet: `comet_server_signal()` returns the page's signal bus. */
export function comet_server_signal() {
  return tabSignal;
}
