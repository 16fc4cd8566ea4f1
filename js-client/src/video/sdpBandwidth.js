// Bandwidth limits written into SDP (`b=AS:<kbit/s>`, RFC 4566 §5.8), as cometVideoApi.js 1.0 did to trade
// picture quality for traffic: FreeSWITCH and the browser then encode within these limits.

/**
 * Returns `sdp` with `b=AS:<video>` in every video section and `b=AS:<audio>` in every audio section; a limit of 0
 * leaves that kind of section as it is. A section's own `b=AS` line is replaced. The line goes after the section's
 * `i=`/`c=` lines, where RFC 4566 orders it (CppComet put it right after `m=`, which strict parsers refuse).
 */
export function limitBandwidth(sdp, { video, audio }) {
  if (typeof sdp !== "string") {
    return sdp;
  }
  const limits = { video: Number(video) || 0, audio: Number(audio) || 0 };
  const lines = sdp.split("\r\n");
  const out = [];
  let limit = 0;
  let pending = false; // a b= line is still due in the current section
  for (const line of lines) {
    if (line.startsWith("m=")) {
      flushBandwidth(out, limit, pending);
      limit = limits[line.substring(2, line.indexOf(" "))] || 0;
      pending = limit > 0;
      out.push(line);
    } else if (limit > 0 && line.startsWith("b=AS:")) {
      // replaced by ours
    } else if (pending && (line.startsWith("i=") || line.startsWith("c="))) {
      out.push(line);
    } else {
      if (pending && line !== "") {
        out.push("b=AS:" + limit);
        pending = false;
      }
      out.push(line);
    }
  }
  flushBandwidth(out, limit, pending);
  return out.join("\r\n");
}

function flushBandwidth(out, limit, pending) {
  if (!pending) {
    return;
  }
  // the section ended (or the SDP did) before any attribute line: the limit closes it, ahead of the final CRLF
  const trailing = out.length > 0 && out[out.length - 1] === "" ? out.pop() : null;
  out.push("b=AS:" + limit);
  if (trailing !== null) {
    out.push(trailing);
  }
}
