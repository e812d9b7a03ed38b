// The command box: ask the assistant by typing, or by pressing Talk, speaking and pressing Send.
// Typed questions go to POST /api/intent, recordings to POST /api/intent/speech (recognised on the server), both
// with this page's session cookie and its CSRF token. The conversation's session is kept for this tab, so a
// follow-up ("delete it") means the clip just shown, also on the next page. The microphone is opened only by the
// first press of Talk and closed by the second; the recording goes to the server once, in memory, and is dropped.
"use strict";
(() => {
  const form = document.getElementById("ask");
  if (!form) return;
  const input = form.elements.namedItem("text");
  const sessionField = form.elements.namedItem("session");
  const csrf = form.elements.namedItem("csrf_token").value;
  const answer = document.getElementById("answer");
  const heard = document.getElementById("ask-heard");
  const actions = document.getElementById("ask-actions");
  const player = document.getElementById("ask-player");
  const mic = document.getElementById("ask-mic");
  const micText = mic.querySelector(".ask-mic-text");
  const urls = form.dataset;
  const KEY = "home-clips-ask";
  const CLIP_ID = /^[0-9a-f]{16}$/;
  const CHANGES = new Set(["DeleteClips", "RestoreClips", "ShareClip", "RevokeShares", "SetRecording", "SetRetention",
                           "Yes"]);
  const MAX_SECONDS = 15;
  let busy = false;
  let recording = null;

  const stored = () => {
    try { return JSON.parse(sessionStorage.getItem(KEY) || "{}"); } catch { return {}; }
  };
  const store = (data) => {
    try { sessionStorage.setItem(KEY, JSON.stringify({ ...stored(), ...data })); } catch { /* private mode */ }
  };
  const clipUrl = (name, id) => urls[name].replace(urls.placeholder, id);

  function button(text, reply, primary) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = primary ? "btn btn-primary" : "btn";
    element.textContent = text;
    element.addEventListener("click", () => send(urls.api, JSON.stringify({ intent: reply, session: sessionField.value || null }),
                                                 "application/json", null));
    return element;
  }

  function showClip(id) {
    const video = document.createElement("video");
    video.controls = true;
    video.playsInline = true;
    video.muted = true;
    video.preload = "metadata";
    video.poster = clipUrl("thumbnail", id);
    video.src = clipUrl("video", id);
    video.setAttribute("aria-label", "Video of the clip in the answer");
    const frame = document.createElement("div");
    frame.className = "player";
    frame.append(video);
    const link = document.createElement("a");
    link.href = clipUrl("clip", id);
    link.textContent = "Open the clip's page";
    player.replaceChildren(frame, link);
    video.play().catch(() => { /* the controls are there */ });
  }

  // Show one answer: what was heard, what was said, Yes/No when a question waits, the clip when there is one.
  function show(reply) {
    heard.textContent = reply.heard ? `You said: “${reply.heard}”` : reply.said ? `You asked: “${reply.said}”` : "";
    answer.textContent = reply.speech || "";
    actions.replaceChildren();
    player.replaceChildren();
    if (reply.clip && CLIP_ID.test(reply.clip)) showClip(reply.clip);
    if (reply.awaits) {
      const no = button("No", "No", false);
      actions.append(button("Yes", "Yes", true), no);
      no.focus();
    }
  }

  function say(text) {
    show({ speech: text });
  }

  function setBusy(on) {
    busy = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
    form.querySelector(".ask-send").disabled = on;
  }

  async function errorText(response) {
    if (response.status === 401) return "You are signed out. Sign in again, then ask.";
    if (response.status === 403) return "This page has expired. Reload it, then ask again.";
    try {
      const body = await response.json();
      if (body && typeof body.error === "string") return `That didn't work: ${body.error}.`;
    } catch { /* not JSON */ }
    return "That didn't work. Please try again in a moment.";
  }

  // One turn: POST the body, show the answer; after something changed, reload so the page shows it too.
  async function send(url, body, type, said) {
    if (busy) return;
    setBusy(true);
    try {
      const response = await fetch(url, {
        method: "POST", body, credentials: "same-origin",
        headers: { "Content-Type": type, "X-CSRF-Token": csrf, Accept: "application/json" },
      });
      if (!response.ok) {
        say(await errorText(response));
        return;
      }
      const data = await response.json();
      sessionField.value = data.session || "";
      store({ session: sessionField.value });
      const reply = {
        speech: data.speech, heard: data.transcript ?? null, awaits: response.headers.get("X-Awaits") === "yes-no",
        clip: data.display && CLIP_ID.test(data.display.clip_id || "") ? data.display.clip_id : null, said,
      };
      if (CHANGES.has(data.intent) && !reply.awaits && !data.expect_reply) {
        store({ after: reply });
        const onClip = location.pathname.startsWith(urls.clip.split(urls.placeholder)[0]);
        if (onClip || location.pathname === form.getAttribute("action")) location.assign(urls.home);
        else location.reload();
        return;
      }
      show(reply);
      if (!reply.awaits) input.focus();
    } catch {
      say("The server could not be reached. Check the connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      say("Type a question first, for example: what happened at the front door today?");
      input.focus();
      return;
    }
    input.value = "";
    send(urls.api, JSON.stringify({ text, session: sessionField.value || null }), "application/json", text);
  });

  // -- push to talk -------------------------------------------------------------------------------------------
  function micFailure(error) {
    const name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "The microphone permission was refused. Allow the microphone for this site in the browser's settings, " +
             "or type your question.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "No microphone was found. Connect one and press Talk again, or type your question.";
    }
    if (name === "NotReadableError") {
      return "The microphone is in use by another program or could not be opened. Try again, or type your question.";
    }
    return "The microphone could not be started. Type your question instead.";
  }

  function setMic(state) {
    mic.classList.toggle("is-recording", state === "recording");
    micText.textContent = state === "recording" ? "Send" : "Talk";
    mic.disabled = state === "starting";
  }

  function wav(chunks, rate) {
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const view = new DataView(new ArrayBuffer(44 + 2 * length));
    const text = (offset, value) => [...value].forEach((ch, i) => view.setUint8(offset + i, ch.charCodeAt(0)));
    text(0, "RIFF"); view.setUint32(4, 36 + 2 * length, true); text(8, "WAVE");
    text(12, "fmt "); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, rate, true); view.setUint32(28, 2 * rate, true); view.setUint16(32, 2, true);
    view.setUint16(34, 16, true); text(36, "data"); view.setUint32(40, 2 * length, true);
    let offset = 44;
    for (const chunk of chunks) {
      for (const sample of chunk) {
        const s = Math.max(-1, Math.min(1, sample));
        view.setInt16(offset, s < 0 ? s * 0x8000 : s * 0x7fff, true);
        offset += 2;
      }
    }
    return new Blob([view.buffer], { type: "audio/wav" });
  }

  async function listen(stream) {
    let context;
    try {
      context = new AudioContext({ sampleRate: 16000 });
      context.createMediaStreamSource(stream).disconnect();
    } catch {
      if (context) context.close();
      context = new AudioContext(); // the server resamples whatever rate the browser records at
    }
    await context.audioWorklet.addModule(urls.recorder);
    const node = new AudioWorkletNode(context, "pcm-recorder");
    const chunks = [];
    node.port.onmessage = (event) => chunks.push(event.data);
    context.createMediaStreamSource(stream).connect(node);
    node.connect(context.destination); // pulls the recorder; it outputs silence
    return { stream, context, chunks };
  }

  async function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.AudioWorkletNode) {
      say("Talking needs a secure connection: open this page over https (or at localhost on this computer). " +
          "You can type your question instead.");
      return;
    }
    setMic("starting");
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true,
                                                                      noiseSuppression: true } });
    } catch (error) {
      setMic("idle");
      say(micFailure(error));
      return;
    }
    try {
      recording = await listen(stream);
    } catch {
      stream.getTracks().forEach((track) => track.stop());
      setMic("idle");
      say("This browser cannot record here. Type your question instead.");
      return;
    }
    recording.timer = setTimeout(() => finish(false), MAX_SECONDS * 1000);
    setMic("recording");
    say(`Listening. Press Send when you have finished (at most ${MAX_SECONDS} seconds), or Escape to stop.`);
  }

  async function finish(cancel) {
    const taken = recording;
    if (!taken) return;
    recording = null;
    clearTimeout(taken.timer);
    taken.stream.getTracks().forEach((track) => track.stop());
    const rate = taken.context.sampleRate;
    await taken.context.close();
    setMic("idle");
    mic.focus();
    if (cancel) {
      say("Stopped. Nothing was sent.");
      return;
    }
    const body = wav(taken.chunks, rate);
    taken.chunks.length = 0;
    const session = sessionField.value;
    say("Recognising…");
    await send(urls.speech + (session ? `?session=${encodeURIComponent(session)}` : ""), body, "audio/wav", null);
  }

  mic.hidden = false;
  mic.addEventListener("click", () => (recording ? finish(false) : start()));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && recording) finish(true);
  });

  // The conversation of this tab, and an answer to show after the reload that followed a change.
  const kept = stored();
  if (!sessionField.value && kept.session) sessionField.value = kept.session;
  else if (sessionField.value) store({ session: sessionField.value });
  if (kept.after) {
    store({ after: null });
    setTimeout(() => { show(kept.after); input.focus(); }, 100);
  }
})();
