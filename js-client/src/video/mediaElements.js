// The page's <video>/<audio> elements and the media streams shown in them.

/** Plays `stream` in `element` (CppComet 1.0 set `src` to an object URL, which browsers no longer accept for streams). */
export function showStream(element, stream) {
  if (element && stream) {
    element.srcObject = stream;
  }
}

/** Releases the camera and microphone behind `stream`. */
export function stopStream(stream) {
  if (stream && typeof stream.getTracks === "function") {
    stream.getTracks().forEach((track) => track.stop());
  }
}

/** Asks for full screen with the standard method or the prefixed ones of older browsers; false when none exists. */
export function requestFullScreen(element) {
  const request = element
    && (element.requestFullscreen || element.mozRequestFullScreen || element.webkitRequestFullscreen);
  if (typeof request !== "function") {
    return false;
  }
  request.call(element);
  return true;
}

export function fullScreenSupported() {
  if (typeof document === "undefined") {
    return false;
  }
  const probe = document.createElement("video");
  return Boolean(probe.requestFullscreen || probe.mozRequestFullScreen || probe.webkitRequestFullscreen);
}
