// FreeSWITCH's SIP-over-WebSocket side, inside the page, for ConferenceInChromiumTest: the page's JsSIP opens
// `new WebSocket(url, "sip")` and gets this socket instead. It accepts every REGISTER and answers an INVITE with
// the SDP of a second RTCPeerConnection in the same page that sends a tone, so the caller's JsSIP reports remote
// media the way its version does (3.x: the connection's `track`; 2.0.6: the session's `addstream`).
// Reports rec('sip')({method, uri, sdp}) for every request. Evaluated once per page, before cometApi.start.
(() => {
  const PageWebSocket = window.WebSocket;

  class SipStandIn {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      setTimeout(() => {
        this.readyState = 1;
        this.onopen();
      });
    }

    send(text) {
      const [head, body] = text.split("\r\n\r\n");
      const lines = head.split("\r\n");
      const [method, uri] = lines[0].split(" ");
      rec("sip")({ method, uri, sdp: body });
      if (method === "INVITE") {
        answer(body).then((sdp) => this.reply(lines, "Content-Type: application/sdp", sdp));
      } else if (method !== "ACK") {
        this.reply(lines, method === "REGISTER" ? header(lines, "Contact") : "", "");
      }
    }

    /** 200 OK to the request `lines`, with the dialog's headers copied and a To tag. */
    reply(lines, extra, body) {
      const copied = ["Via", "From", "Call-ID", "CSeq"].map((name) => header(lines, name));
      const to = header(lines, "To");
      const response = ["SIP/2.0 200 OK", ...copied, /;tag=/.test(to) ? to : to + ";tag=standin",
        "Contact: <sip:conference@127.0.0.1;transport=ws>", extra, "Content-Length: " + body.length]
        .filter((line) => line !== "");
      setTimeout(() => this.onmessage({ data: response.join("\r\n") + "\r\n\r\n" + body }));
    }

    close() {
      this.readyState = 3;
    }
  }
  SipStandIn.prototype.CONNECTING = 0;
  SipStandIn.prototype.OPEN = 1;

  function header(lines, name) {
    return lines.find((line) => line.toLowerCase().startsWith(name.toLowerCase() + ":")) || "";
  }

  /** The conference's answer: a peer connection sending an oscillator's tone on the offer's audio section. */
  async function answer(offer) {
    const audio = new AudioContext();
    const tone = audio.createMediaStreamDestination();
    audio.createOscillator().connect(tone);
    const conference = new RTCPeerConnection();
    await conference.setRemoteDescription({ type: "offer", sdp: offer });
    tone.stream.getTracks().forEach((track) => conference.addTrack(track, tone.stream));
    await conference.setLocalDescription(await conference.createAnswer());
    return conference.localDescription.sdp;
  }

  window.WebSocket = function (url, protocols) {
    return protocols === "sip" ? new SipStandIn(url) : new PageWebSocket(url, protocols);
  };
})();
