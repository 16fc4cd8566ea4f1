// Stand-ins for the browser's WebRTC objects (Node has none): RTCPeerConnection, MediaStream, tracks and
// navigator.mediaDevices, recording what the call API does with them and letting a test play the network.

/** A fresh set of classes per test: `{RTCPeerConnection, MediaStream, mediaDevices}`; `RTCPeerConnection.instances`. */
export function fakeWebRTC({ devices = [] } = {}) {
  let nextId = 0;

  class FakeTrack {
    constructor(kind, deviceId = "default") {
      this.kind = kind;
      this.id = kind + "-" + ++nextId;
      this.deviceId = deviceId;
      this.enabled = true;
      this.readyState = "live";
    }

    stop() {
      this.readyState = "ended";
    }
  }

  class FakeMediaStream {
    constructor(tracks = []) {
      this.id = "stream-" + ++nextId;
      this.tracks = tracks.slice();
    }

    getTracks() {
      return this.tracks.slice();
    }

    getAudioTracks() {
      return this.tracks.filter((track) => track.kind === "audio");
    }

    getVideoTracks() {
      return this.tracks.filter((track) => track.kind === "video");
    }

    addTrack(track) {
      this.tracks.push(track);
    }

    removeTrack(track) {
      this.tracks = this.tracks.filter((candidate) => candidate !== track);
    }
  }

  const mediaDevices = {
    requests: [],
    async getUserMedia(constraints) {
      this.requests.push(constraints);
      const tracks = [];
      for (const kind of ["audio", "video"]) {
        const wanted = constraints[kind];
        if (wanted) {
          tracks.push(new FakeTrack(kind, wanted.deviceId ? wanted.deviceId.exact : "default"));
        }
      }
      return new FakeMediaStream(tracks);
    },
    async enumerateDevices() {
      return devices.slice();
    },
  };

  class FakeRTCPeerConnection extends EventTarget {
    constructor(configuration) {
      super();
      this.index = FakeRTCPeerConnection.instances.length;
      this.configuration = configuration;
      this.senders = [];
      this.transceivers = [];
      this.offerOptions = [];
      this.localDescription = null;
      this.remoteDescription = null;
      this.remoteDescriptions = [];
      this.addedCandidates = [];
      this.iceConnectionState = "new";
      this.closed = false;
      FakeRTCPeerConnection.instances.push(this);
    }

    addTrack(track, stream) {
      const sender = {
        track,
        stream,
        replaceTrack: async (replacement) => {
          sender.track = replacement;
        },
      };
      this.senders.push(sender);
      return sender;
    }

    getSenders() {
      return this.senders.slice();
    }

    addTransceiver(kind, init) {
      this.transceivers.push(Object.assign({ kind }, init));
    }

    async createOffer(options) {
      this.offerOptions.push(options);
      const restart = options && options.iceRestart ? " ice-restart" : "";
      return { type: "offer", sdp: "offer of pc" + this.index + " #" + this.offerOptions.length + restart };
    }

    async createAnswer() {
      return { type: "answer", sdp: "answer of pc" + this.index };
    }

    async setLocalDescription(description) {
      this.localDescription = description;
    }

    async setRemoteDescription(description) {
      await null; // set asynchronously, as browsers do
      this.remoteDescription = description;
      this.remoteDescriptions.push(description);
    }

    async addIceCandidate(candidate) {
      if (!this.remoteDescription) {
        throw new Error("InvalidStateError: no remote description");
      }
      this.addedCandidates.push(candidate);
    }

    close() {
      this.closed = true;
    }

    // ---- the network's side

    /** Reports local candidates, as the browser does, one event each. */
    gather(...candidates) {
      for (const candidate of candidates) {
        const event = new Event("icecandidate");
        event.candidate = candidate;
        this.dispatchEvent(event);
      }
    }

    /** A remote track arrives in `stream`. */
    remoteTrack(stream) {
      const event = new Event("track");
      event.streams = [stream];
      event.track = stream.getTracks()[0];
      this.dispatchEvent(event);
    }

    setIceState(state) {
      this.iceConnectionState = state;
      this.dispatchEvent(new Event("iceconnectionstatechange"));
    }
  }
  FakeRTCPeerConnection.instances = [];

  return { RTCPeerConnection: FakeRTCPeerConnection, MediaStream: FakeMediaStream, mediaDevices, Track: FakeTrack };
}

/** A candidate as RTCIceCandidate carries it. */
export function candidate(n, sdpMid = "0") {
  return { candidate: "candidate:" + n + " 1 udp 2122260223 127.0.0.1 " + (50000 + n) + " typ host", sdpMid,
    sdpMLineIndex: 0 };
}
