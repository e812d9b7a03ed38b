// The push-to-talk recorder's audio thread: hands each block of microphone samples to the page, nothing more.
// It runs only between the two presses of the Talk button (ask.js creates it on the first and closes it on the second).
"use strict";
class PcmRecorder extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor("pcm-recorder", PcmRecorder);
