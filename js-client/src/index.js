// ES module entry (built to comet-client.mjs): `import cometApi, { CometServer, cometVideoApi, cometCalls } from ".../comet-client.mjs"`.

import { CometClient } from "./CometClient.js";
import { CometServerApi } from "./compat/CometServerApi.js";
import { TabSignal } from "./compat/TabSignal.js";
import { cometApi, CometServer, cometCalls, cometVideoApi, comet_server_signal, tabSignal } from "./compat/globalApi.js";
import { CometVideoApi } from "./video/CometVideoApi.js";
import { CALL_STATUS, SipCall } from "./video/SipCall.js";
import { CometCalls } from "./calls/CometCalls.js";
import { CallType, SessionConnectionState, SessionState } from "./calls/callConstants.js";
import { stripslashes } from "./protocol/messages.js";

export default cometApi;
export {
  cometApi, CometServer, CometClient, CometServerApi, TabSignal, tabSignal, comet_server_signal, stripslashes,
  cometVideoApi, CometVideoApi, CALL_STATUS, SipCall, cometCalls, CometCalls, CallType, SessionState,
  SessionConnectionState,
};
