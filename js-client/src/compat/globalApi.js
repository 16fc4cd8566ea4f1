// The page-wide singletons CppComet pages reach through globals: one API object and one signal bus per page.

import { CometServerApi } from "./CometServerApi.js";
import { TabSignal } from "./TabSignal.js";

export const cometApi = new CometServerApi();

export const tabSignal = new TabSignal();

/** CppComet: `CometServer()` returns the page's API object. */
export function CometServer() {
  return cometApi;
}

/** CppComet: `comet_server_signal()` returns the page's signal bus. */
export function comet_server_signal() {
  return tabSignal;
}
