"""One conversation: audio or text in → recognise → parse → `intents.handlers.handle` → answer out.

No business logic here: what to answer is the handlers' job; this module only wires them to the ear and
the mouth, keeps the dialog state between utterances and measures how long each step took.
"""

from __future__ import annotations

import logging
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from clipstore import Camera, Member
from clipstore import Settings as Environment
from intents.confirm import ask_again, refusals_like, unheard
from intents.dialog import CHANGES_SOMETHING, DialogState, suggest, take_suggestion
from intents.handlers import handle
from intents.service import ClipService
from intents.speech import said_back
from intents.voicecode import VOICE_CODE_INTENT

from .domain import ALL, REPLIES, Domain, domain_for
from .engines.base import Recognizer, Transcript
from .frontend import prepare
from .tts import Speaker
from .understand import understand

logger = logging.getLogger(__name__)

YES_MARGIN = 2.0
"""A heard yes that could be a refusal misheard ("do that" / "undo that") is taken only when the recogniser finds
the yes this much more likely (natural log) than every such refusal; else the question is asked again."""


@dataclass
class Outcome:
    """Everything about one utterance; `to_json` is the contract's JSON line."""

    source: str
    transcript: str
    intent: str | None
    slots: dict
    speech: str | None
    asr_ms: float
    total_ms: float
    display: dict | None = None
    end_session: bool = False
    heard_as: str | None = None
    expect_reply: bool = False
    """The answer asks something and waits for the reply."""

    def to_json(self) -> dict:
        """The `--json` object of docs/interface.md §2."""
        return {
            "source": self.source,
            "transcript": self.transcript,
            "intent": self.intent,
            "slots": self.slots,
            "speech": self.speech,
            "asr_ms": round(self.asr_ms, 1),
            "total_ms": round(self.total_ms, 1),
        }


def has_display() -> bool:
    """True when a graphical session is there to open a clip in."""
    return Environment.from_env().has_display


@dataclass
class Assistant:
    """Keeps the conversation (DialogState) across utterances; `service` is None with --parse-only."""

    service: ClipService | None
    cameras: Callable[[], list[Camera]]
    speaker: Speaker
    tz: str
    now: Callable[[], datetime]
    recognizer: Recognizer | None = None
    state: DialogState = field(default_factory=DialogState)
    notes: Callable[[str], None] = logger.info
    members: Callable[[], list[Member]] = list
    """The household's people, whom a clip can be shared with ("share it with Sam"): their names are heard."""
    code_scope: str | None = "offline"
    """Where the turns are heard (see `intents.handlers.handle`): "offline" asks for the voice code if the household
    chose so; None (the signed-in web page) never does."""

    def domain(self, state: DialogState | None = None) -> Domain:
        """The vocabulary for the cameras as they are now (rebuilt only when they change); while `state` has a
        question pending, the recognisers listen for its answers only (yes, no, cancel, stop, undo, the code)."""
        cameras, members = tuple(self.cameras()), tuple(self.members())
        domain = domain_for(cameras, ALL, members)
        if self.recognizer is not None:
            heard = domain_for(cameras, REPLIES, members) if state is not None and state.pending is not None else domain
            self.recognizer.set_domain(heard)
        return domain

    def hear(self, source: str, samples: np.ndarray, audio_end: float | None = None) -> Outcome:
        """One utterance of audio; `audio_end` (perf_counter) is when its last sample arrived."""
        outcome, self.state = self.hear_in(self.state, source, samples, audio_end)
        return outcome

    def read(self, source: str, text: str) -> Outcome:
        """One utterance given as text (`--text`): no recognition."""
        outcome, self.state = self.read_in(self.state, source, text)
        return outcome

    def hear_in(
        self,
        state: DialogState,
        source: str,
        samples: np.ndarray,
        audio_end: float | None = None,
        *,
        speak: bool = True,
    ) -> tuple[Outcome, DialogState]:
        """`hear` within a given conversation (the Wyoming server keeps one per client)."""
        start = time.perf_counter() if audio_end is None else audio_end
        prepared = prepare(samples)
        heard = self.recognize(prepared, state, prepared=True)
        asr_ms = 1000 * (time.perf_counter() - start)
        return self._answer(
            state, source, heard.text, start, asr_ms, sure=heard.sure, speak=speak, heard=True, samples=prepared
        )

    def read_in(
        self,
        state: DialogState,
        source: str,
        text: str,
        *,
        speak: bool = True,
        sure: bool = True,
        samples: np.ndarray | None = None,
        heard: bool = False,
    ) -> tuple[Outcome, DialogState]:
        """`read` within a given conversation; `sure=False`: words a recogniser doubts it heard right; `heard`: the
        words are a transcript of speech (`samples`, prepared, if still at hand)."""
        start = time.perf_counter()
        self.domain()
        return self._answer(state, source, text, start, 0.0, sure=sure, speak=speak, heard=heard, samples=samples)

    def recognize(self, samples: np.ndarray, state: DialogState | None = None, *, prepared: bool = False) -> Transcript:
        """Speech → words (front end, then the recogniser), within the current cameras' vocabulary, or the
        answers to `state`'s pending question."""
        if self.recognizer is None:
            raise RuntimeError("no recogniser")
        self.domain(state)
        return self.recognizer.transcribe(samples if prepared else prepare(samples))

    def _clear_yes(self, samples: np.ndarray | None, text: str, refusals: list[str]) -> bool:
        """True when the audio says the yes `text` was not one of `refusals` (scored by the recogniser)."""
        compare = getattr(self.recognizer, "compare", None)
        if samples is None or compare is None:
            return False
        scores = compare(samples, [text, *refusals])
        return scores is not None and max(scores[1:]) < scores[0] - YES_MARGIN

    def _answer(
        self,
        state: DialogState,
        source: str,
        transcript: str,
        start: float,
        asr_ms: float,
        *,
        sure: bool,
        speak: bool,
        heard: bool = False,
        samples: np.ndarray | None = None,
    ) -> tuple[Outcome, DialogState]:
        now = self.now()
        domain = self.domain()
        meaning = understand(domain, transcript, now=now, tz=self.tz, heard=heard)
        intent, slots, ref = meaning.result.intent, meaning.result.slots, meaning.result.ref
        if heard and intent == VOICE_CODE_INTENT and not (state.pending and state.pending.awaiting_code):
            intent, slots = None, {}  # four digits nobody asked for: a mishearing (noise makes digits)
        heard_as = meaning.text if meaning.corrected else None
        if heard and intent == "Yes" and state.pending is not None:
            refusals = refusals_like(meaning.text, lambda t: domain.templates.parse(t).intent)
            if not sure or (
                refusals and (unheard(refusals, meaning.text) or not self._clear_yes(samples, meaning.text, refusals))
            ):
                logger.info("heard %r, which may have been %s: asking again", meaning.text, refusals)
                speech = ask_again(state)
                if speak:
                    self.speaker.say(speech, source)
                return Outcome(
                    source,
                    transcript,
                    None,
                    {},
                    None if self.service is None else speech,
                    asr_ms,
                    1000 * (time.perf_counter() - start),
                    heard_as=heard_as,
                    expect_reply=self.service is not None,
                ), state
        if heard and intent is None and state.pending is not None and self.service is not None:
            speech = ask_again(state)  # not understood while a question waits: the question again, still pending
            if speak:
                self.speaker.say(speech, source)
            return Outcome(
                source,
                transcript,
                None,
                {},
                speech,
                asr_ms,
                1000 * (time.perf_counter() - start),
                heard_as=heard_as,
                expect_reply=True,
            ), state
        guessed = intent is not None and not meaning.result.sure  # the second stage's unsure guess
        doubtful = ((not sure or meaning.corrected) and intent in CHANGES_SOMETHING) or guessed
        if self.service is None:  # --parse-only: nothing called, nothing changed
            if doubtful:  # it would only ask "did you mean ...?": no command taken
                intent, slots = None, {}
            return Outcome(
                source, transcript, intent, slots, None, asr_ms, 1000 * (time.perf_counter() - start), heard_as=heard_as
            ), state
        if doubtful and intent is not None:  # (a doubtful command always has an intent)
            sentence = (
                said_back(intent, slots, self.cameras(), now.astimezone(ZoneInfo(self.tz)).date())
                if guessed
                else meaning.text
            )
            speech = suggest(state, intent, slots, sentence, ref)
            outcome = Outcome(
                source,
                transcript,
                None,
                {},
                speech,
                asr_ms,
                1000 * (time.perf_counter() - start),
                heard_as=heard_as,
                expect_reply=True,
            )
        else:
            intent, slots, ref = take_suggestion(intent, slots, state, ref)
            reply, state = handle(
                self.service,
                intent,
                slots,
                state,
                now=now,
                tz=self.tz,
                ref=ref,
                code_scope=self.code_scope,
                to=meaning.result.to,
            )  # "offline": the voice code if the household chose so
            outcome = Outcome(
                source,
                transcript,
                intent,
                slots,
                reply.speech,
                asr_ms,
                1000 * (time.perf_counter() - start),
                reply.display,
                reply.end_session,
                heard_as,
                reply.expect_reply,
            )
            if speak:
                self.show(reply.display)
        if speak and outcome.speech:
            self.speaker.say(outcome.speech, source)
        return outcome, state

    def show(self, display: dict | None) -> None:
        """Open the clip on a screen if there is one; headless, say what would have been shown."""
        if not display or not display.get("video_url"):
            return
        url = display["video_url"]
        if has_display():
            webbrowser.open(url)
        else:
            self.notes(f"(no display: would show clip {display.get('clip_id')} at {url})")
