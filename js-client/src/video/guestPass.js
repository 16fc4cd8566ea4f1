// Guest passes (docs/GUESTS.md): a page without a comet login redeems a pass's token at the comet server
// (`POST /conference/guest`, once) and gets a SIP account valid for one room until the pass expires.

export const GUEST_PATH = "/conference/guest";

/**
 * The URL of `POST /conference/guest` on `server`, a comet node as `start({node})` takes it (`host[:port][/prefix]`,
 * optionally with `ws://`, `wss://`, `http://` or `https://`); without a scheme, https on an https page.
 */
export function guestJoinUrl(server) {
  const schemed = /^(wss?|https?):\/\/(.*)$/i.exec(server);
  const secure = schemed ? /^(wss|https)$/i.test(schemed[1])
    : typeof location !== "undefined" && location.protocol === "https:";
  const address = (schemed ? schemed[2] : server).replace(/\/+$/, "");
  return (secure ? "https://" : "http://") + address + GUEST_PATH;
}

/**
 * Redeems the pass with `fetch`; resolves with the server's join data, rejects with an Error whose `status` is the
 * HTTP status (404: unknown, used or expired) and whose message is the server's.
 */
export function redeemGuestPass(fetch, server, token, profile) {
  const headers = { "X-Comet-Guest-Token": token };
  if (profile) {
    headers["X-Comet-Guest-Profile"] = profile;
  }
  return fetch(guestJoinUrl(server), { method: "POST", headers }).then((response) => response.json()
    .catch(() => ({}))
    .then((body) => {
      if (!response.ok) {
        const error = new Error(body && body.error ? body.error : "guest pass refused (HTTP " + response.status + ")");
        error.status = response.status;
        throw error;
      }
      return body;
    }));
}

/**
 * The invitation a VideoCall takes for redeemed join data: the room as `sys_sipCall` describes it, and `guest`, the
 * SIP account to register with instead of the comet login's.
 */
export function guestInvitation(join) {
  const { sipUser, sipPassword, ...sys } = join;
  return {
    data: { message: { displayName: join.displayName }, sys },
    guest: { user: sipUser, password: sipPassword },
  };
}
