// A call's RTCPeerConnection statistics (getStats()) summarised per media kind: what was received and lost, sent, the
// jitter, the codec and the round-trip time of the pair in use. The whole report stays available to pages that
// need more: connection.getStats() on call.session.connection.

const KINDS = ["audio", "video"];

/** `{audio: {inbound, outbound, codec}, video: {...}, roundTripTime}` from an RTCStatsReport (a Map of stats). */
export function summariseStats(report) {
  const stats = [];
  report.forEach((stat) => stats.push(stat));
  const byId = new Map(stats.map((stat) => [stat.id, stat]));
  const summary = { audio: emptyKind(), video: emptyKind(), roundTripTime: undefined };
  for (const stat of stats) {
    const kind = stat.kind || stat.mediaType;
    if (!KINDS.includes(kind)) {
      if (stat.type === "candidate-pair" && (stat.nominated || stat.selected) && stat.state === "succeeded") {
        summary.roundTripTime = stat.currentRoundTripTime;
      }
      continue;
    }
    if (stat.type === "inbound-rtp") {
      summary[kind].inbound = {
        packetsReceived: stat.packetsReceived || 0,
        packetsLost: stat.packetsLost || 0,
        bytesReceived: stat.bytesReceived || 0,
        jitter: stat.jitter,
      };
      summary[kind].codec = codecOf(stat, byId) || summary[kind].codec;
    } else if (stat.type === "outbound-rtp") {
      summary[kind].outbound = { packetsSent: stat.packetsSent || 0, bytesSent: stat.bytesSent || 0 };
      summary[kind].codec = summary[kind].codec || codecOf(stat, byId);
    }
  }
  return summary;
}

function emptyKind() {
  return { inbound: undefined, outbound: undefined, codec: undefined };
}

/** "opus", "VP8", "PCMU"…: the codec stat's mime type without its "audio/"/"video/" prefix. */
function codecOf(stat, byId) {
  const codec = stat.codecId ? byId.get(stat.codecId) : undefined;
  return codec && typeof codec.mimeType === "string" ? codec.mimeType.replace(/^(audio|video)\//, "") : undefined;
}
