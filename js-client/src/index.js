// ES module entry (built to comet-client.mjs): `import cometApi, { CometServer, CometClient } from ".../comet-client.mjs"`.

import { CometClient } from "./CometClient.js";
import { CometServerApi } from "./compat/CometServerApi.js";
import { TabSignal } from "./compat/TabSignal.js";
import { cometApi, CometServer, comet_server_signal, tabSignal } from "./compat/globalApi.js";
import { stripslashes } from "./protocol/messages.js";

export default cometApi;
export { cometApi, CometServer, CometClient, CometServerApi, TabSignal, tabSignal, comet_server_signal, stripslashes };
