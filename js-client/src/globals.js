// Classic script entry (built to comet-client.js): the globals CppComet JS API 4.08 and cometVideoApi.js 1.0 defined,
// and cometCalls (P2P calls, ours).

import { CometServerApi } from "./compat/CometServerApi.js";
import { cometApi, CometServer, cometCalls, cometVideoApi, comet_server_signal, tabSignal } from "./compat/globalApi.js";

globalThis.cometApi = cometApi;
globalThis.CometServer = CometServer;
globalThis.cometServerApi = CometServerApi;
globalThis._cometServerApi = CometServerApi;
globalThis.tabSignal = tabSignal;
globalThis.comet_server_signal = comet_server_signal;
globalThis.cometVideoApi = cometVideoApi;
globalThis.cometCalls = cometCalls;
