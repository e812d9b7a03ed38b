"""The text parser on utterances it was not written against, plus its rules (docs/interface.md §1).

The table below is NOT the evaluation's development set (kept outside this repository): it is what real users
say in other words. Reference clock: NOW = 2025-01-08 16:30 in America/New_York, a Wednesday in ISO
week 2025-W02:
  today 2025-01-08 · yesterday 2025-01-07 (Tue) · monday 2025-01-06 · thursday 2025-01-02 · friday 2025-01-03
  saturday 2025-01-04 · sunday 2025-01-05 · this week 2025-W02 · last week 2025-W01 (Dec 30 - Jan 5)
  last weekend 2025-W01-WE · this month 2025-01 · last month 2024-12 · last year 2024
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents import INTENTS, SLOTS, Parser
from intents.parser import normalize

NOW = datetime.fromisoformat("2025-01-08T16:30:00-05:00")
TZ = "America/New_York"
TODAY, YESTERDAY = "2025-01-08", "2025-01-07"
EVAL_DIR = os.environ.get("HOME_CLIPS_EVAL")  # the evaluation set's folder; it is not part of this repository
DEV_SET = Path(EVAL_DIR or "/nonexistent") / "dev_utterances.yaml"

# (text, intent, slots)
IN_DOMAIN: list[tuple[str, str, dict]] = [
    # --- ShowClip -----------------------------------------------------------------------------
    ("show me the most recent clip from the doorbell", "ShowClip", {"camera": "front_door", "which": "latest"}),
    ("play the newest video from the patio", "ShowClip", {"camera": "backyard", "which": "latest"}),
    (
        "open the earliest recording from the driveway today",
        "ShowClip",
        {"camera": "driveway", "which": "first", "date": TODAY},
    ),
    ("next one", "ShowClip", {"which": "next"}),
    ("next", "ShowClip", {"which": "next"}),
    ("previous clip", "ShowClip", {"which": "previous"}),
    ("Alexa, show the garage camera.", "ShowClip", {"camera": "garage"}),
    (
        "can I see the lounge video from this evening",
        "ShowClip",
        {"camera": "living_room", "date": TODAY, "period": "EV"},
    ),
    ("play the clip of the dog in the backyard", "ShowClip", {"camera": "backyard", "label": "animal"}),
    ("show the first delivery today", "ShowClip", {"label": "package", "which": "first", "date": TODAY}),
    ("show yesterday's driveway video", "ShowClip", {"camera": "driveway", "date": YESTERDAY}),
    ("play the last car in the driveway", "ShowClip", {"camera": "driveway", "label": "vehicle", "which": "latest"}),
    ("show me the porch footage from monday", "ShowClip", {"camera": "front_door", "date": "2025-01-06"}),
    ("display the latest package clip", "ShowClip", {"label": "package", "which": "latest"}),
    ("pull up the garden camera from this morning", "ShowClip", {"camera": "backyard", "date": TODAY, "period": "MO"}),
    (
        "let me see the most recent person at the entrance",
        "ShowClip",
        {"camera": "front_door", "label": "person", "which": "latest"},
    ),
    ("show me the clip from november 20th", "ShowClip", {"date": "2024-11-20"}),
    ("play the video from the 3rd of march", "ShowClip", {"date": "2024-03-03"}),
    ("um show me the garage clip from tuesday please", "ShowClip", {"camera": "garage", "date": YESTERDAY}),
    ("Show me the LAST clip!", "ShowClip", {"which": "latest"}),
    ("show the oldest clip from last week", "ShowClip", {"which": "first", "date": "2025-W01"}),
    ("what was in the last clip", "ShowClip", {"which": "latest"}),
    ("watch the living room camera", "ShowClip", {"camera": "living_room"}),
    (
        "show the clip from the front porch this afternoon",
        "ShowClip",
        {"camera": "front_door", "date": TODAY, "period": "AF"},
    ),
    ("show me the previous one", "ShowClip", {"which": "previous"}),
    ("play that clip", "ShowClip", {"which": "this"}),
    ("show me the dog", "ShowClip", {"label": "animal"}),
    (
        "show the animal clips from yesterday evening",
        "ShowClip",
        {"label": "animal", "date": YESTERDAY, "period": "EV"},
    ),
    ("show me the garage's latest video", "ShowClip", {"camera": "garage", "which": "latest"}),
    ("play the front door camera's last recording", "ShowClip", {"camera": "front_door", "which": "latest"}),
    (
        "show the driveway clip from saturday night",
        "ShowClip",
        {"camera": "driveway", "date": "2025-01-04", "period": "NI"},
    ),
    ("hey, play the most recent backyard video", "ShowClip", {"camera": "backyard", "which": "latest"}),
    ("show me the clip from two days ago", "ShowClip", {"date": "2025-01-06"}),
    ("replay the last clip", "ShowClip", {"which": "latest"}),
    ("go to the next video", "ShowClip", {"which": "next"}),
    ("show me the newest clip of a person", "ShowClip", {"label": "person", "which": "latest"}),
    ("play the recording from january 2nd", "ShowClip", {"date": "2025-01-02"}),
    ("show the clip from december 31st", "ShowClip", {"date": "2024-12-31"}),
    # --- DeleteClips --------------------------------------------------------------------------
    ("delete the clips from the doorbell", "DeleteClips", {"camera": "front_door"}),
    ("erase everything from last month", "DeleteClips", {"date": "2024-12"}),
    ("remove all the garage videos from yesterday", "DeleteClips", {"camera": "garage", "date": YESTERDAY}),
    ("get rid of the clips from last weekend", "DeleteClips", {"date": "2025-W01-WE"}),
    ("delete that", "DeleteClips", {"which": "this"}),
    ("delete it", "DeleteClips", {"which": "this"}),
    ("wipe the driveway footage from friday", "DeleteClips", {"camera": "driveway", "date": "2025-01-03"}),
    ("delete all clips of cars", "DeleteClips", {"label": "vehicle"}),
    ("trash the first clip", "DeleteClips", {"which": "first"}),
    ("delete everything from the lounge", "DeleteClips", {"camera": "living_room"}),
    ("clear all recordings from this week", "DeleteClips", {"date": "2025-W02"}),
    ("delete the clips from december 31st", "DeleteClips", {"date": "2024-12-31"}),
    ("please delete yesterday's patio recordings", "DeleteClips", {"camera": "backyard", "date": YESTERDAY}),
    ("delete the latest clip", "DeleteClips", {"which": "latest"}),
    ("remove the video of the package", "DeleteClips", {"label": "package"}),
    (
        "delete all of the backyard clips from last night",
        "DeleteClips",
        {"camera": "backyard", "date": YESTERDAY, "period": "NI"},
    ),
    ("Delete the clips from the 2nd of January.", "DeleteClips", {"date": "2025-01-02"}),
    ("erase the people clips from this morning", "DeleteClips", {"label": "person", "date": TODAY, "period": "MO"}),
    ("delete this video", "DeleteClips", {"which": "this"}),
    ("delete the garage's clips from last year", "DeleteClips", {"camera": "garage", "date": "2024"}),
    ("get rid of all the cat videos", "DeleteClips", {"label": "animal"}),
    ("delete everything from the day before yesterday", "DeleteClips", {"date": "2025-01-06"}),
    ("delete the recordings from this past weekend", "DeleteClips", {"date": "2025-W01-WE"}),
    ("delete all footage from february 29th", "DeleteClips", {"date": "2024-02-29"}),
    ("delete clips from the front door on sunday", "DeleteClips", {"camera": "front_door", "date": "2025-01-05"}),
    # --- CountClips ---------------------------------------------------------------------------
    (
        "how many people came to the front door today",
        "CountClips",
        {"label": "person", "camera": "front_door", "date": TODAY},
    ),
    ("how many deliveries did I get this week", "CountClips", {"label": "package", "date": "2025-W02"}),
    ("how many videos from the driveway last week", "CountClips", {"camera": "driveway", "date": "2025-W01"}),
    ("how many clips are there from the garden", "CountClips", {"camera": "backyard"}),
    ("count the recordings from yesterday", "CountClips", {"date": YESTERDAY}),
    (
        "how many times was someone at the door yesterday",
        "CountClips",
        {"label": "person", "camera": "front_door", "date": YESTERDAY},
    ),
    (
        "how many animals in the backyard last night",
        "CountClips",
        {"label": "animal", "camera": "backyard", "date": YESTERDAY, "period": "NI"},
    ),
    ("how many clips this month", "CountClips", {"date": "2025-01"}),
    (
        "how many cars in the driveway on saturday",
        "CountClips",
        {"label": "vehicle", "camera": "driveway", "date": "2025-01-04"},
    ),
    ("how many motion events today", "CountClips", {"date": TODAY}),
    ("what's the number of clips from the living room", "CountClips", {"camera": "living_room"}),
    ("how many recordings did the garage camera get yesterday", "CountClips", {"camera": "garage", "date": YESTERDAY}),
    ("how many packages were delivered today", "CountClips", {"label": "package", "date": TODAY}),
    (
        "how many times did the dog go in the garden this week",
        "CountClips",
        {"label": "animal", "camera": "backyard", "date": "2025-W02"},
    ),
    ("how many clips from november 20th", "CountClips", {"date": "2024-11-20"}),
    (
        "how many visitors did we have on the porch last weekend",
        "CountClips",
        {"label": "person", "camera": "front_door", "date": "2025-W01-WE"},
    ),
    ("How many clips, um, from the lounge?", "CountClips", {"camera": "living_room"}),
    (
        "how many trucks came up the driveway this morning",
        "CountClips",
        {"label": "vehicle", "camera": "driveway", "date": TODAY, "period": "MO"},
    ),
    ("give me a count of yesterday's clips", "CountClips", {"date": YESTERDAY}),
    ("how many recordings have I got from thursday", "CountClips", {"date": "2025-01-02"}),
    # --- ListClips ----------------------------------------------------------------------------
    ("what happened in the garage last night", "ListClips", {"camera": "garage", "date": YESTERDAY, "period": "NI"}),
    ("anything happen on the porch today", "ListClips", {"camera": "front_door", "date": TODAY}),
    ("what did I miss", "ListClips", {}),
    (
        "was anyone in the backyard this afternoon",
        "ListClips",
        {"label": "person", "camera": "backyard", "date": TODAY, "period": "AF"},
    ),
    ("list the clips from the driveway", "ListClips", {"camera": "driveway"}),
    ("tell me about yesterday's recordings", "ListClips", {"date": YESTERDAY}),
    ("what's new on the front door camera", "ListClips", {"camera": "front_door"}),
    (
        "did anybody come to the door this morning",
        "ListClips",
        {"label": "person", "camera": "front_door", "date": TODAY, "period": "MO"},
    ),
    (
        "were there any animals in the garden last night",
        "ListClips",
        {"label": "animal", "camera": "backyard", "date": YESTERDAY, "period": "NI"},
    ),
    ("any visitors today", "ListClips", {"label": "person", "date": TODAY}),
    ("what went on in the lounge over the weekend", "ListClips", {"camera": "living_room", "date": "2025-W01-WE"}),
    ("give me a summary of last week's clips", "ListClips", {"date": "2025-W01"}),
    ("what clips do I have from wednesday", "ListClips", {"date": TODAY}),
    (
        "did a car pull into the driveway yesterday",
        "ListClips",
        {"label": "vehicle", "camera": "driveway", "date": YESTERDAY},
    ),
    ("read out the recordings from the garage", "ListClips", {"camera": "garage"}),
    ("has there been any activity in the backyard today", "ListClips", {"camera": "backyard", "date": TODAY}),
    ("was there a delivery today", "ListClips", {"label": "package", "date": TODAY}),
    ("what's been happening on the driveway this week", "ListClips", {"camera": "driveway", "date": "2025-W02"}),
    (
        "who came to the front door yesterday",
        "ListClips",
        {"label": "person", "camera": "front_door", "date": YESTERDAY},
    ),
    (
        "any packages at the front door this week",
        "ListClips",
        {"label": "package", "camera": "front_door", "date": "2025-W02"},
    ),
    (
        "what did the doorbell catch last night",
        "ListClips",
        {"camera": "front_door", "date": YESTERDAY, "period": "NI"},
    ),
    ("describe the clips from the 3rd of march", "ListClips", {"date": "2024-03-03"}),
    ("what happened on december 31st", "ListClips", {"date": "2024-12-31"}),
    ("what happened last saturday", "ListClips", {"date": "2025-01-04"}),
    (
        "tell me what happened in the garden yesterday evening",
        "ListClips",
        {"camera": "backyard", "date": YESTERDAY, "period": "EV"},
    ),
    ("what's happened this morning", "ListClips", {"date": TODAY, "period": "MO"}),
    ("any new clips", "ListClips", {}),
    ("what's on the garage camera", "ListClips", {"camera": "garage"}),
    ("anything on the driveway since yesterday", "ListClips", {"camera": "driveway", "date": YESTERDAY}),
    (
        "were there any people at the entrance on monday morning",
        "ListClips",
        {"label": "person", "camera": "front_door", "date": "2025-01-06", "period": "MO"},
    ),
    ("what went on last wednesday", "ListClips", {"date": "2025-01-01"}),
    ("has the living room camera picked up anything today", "ListClips", {"camera": "living_room", "date": TODAY}),
    ("what clips came in tonight", "ListClips", {"date": TODAY, "period": "NI"}),
    ("did the mailman come today", "ListClips", {"label": "package", "date": TODAY}),
    ("what happened two days ago", "ListClips", {"date": "2025-01-06"}),
    ("what's been going on while I was away", "ListClips", {}),
    # --- RestoreClips -------------------------------------------------------------------------
    ("undo that delete", "RestoreClips", {}),
    ("restore the deleted clips", "RestoreClips", {}),
    ("bring them back", "RestoreClips", {}),
    ("undelete", "RestoreClips", {}),
    ("oops, restore them", "RestoreClips", {}),
    ("recover the clips I deleted", "RestoreClips", {}),
    ("undo the last deletion", "RestoreClips", {}),
    ("undo my delete", "RestoreClips", {}),
    ("restore what I just deleted", "RestoreClips", {}),
    # --- ShareClip ----------------------------------------------------------------------------
    ("send this video to support", "ShareClip", {"which": "this"}),
    ("share the last garage clip with the support team", "ShareClip", {"camera": "garage", "which": "latest"}),
    ("share yesterday's front door clip for feedback", "ShareClip", {"camera": "front_door", "date": YESTERDAY}),
    ("send that to the developers", "ShareClip", {"which": "this"}),
    ("report this clip", "ShareClip", {"which": "this"}),
    ("share it with the camera company", "ShareClip", {"which": "this"}),
    (
        "share the first clip from this morning with support",
        "ShareClip",
        {"which": "first", "date": TODAY, "period": "MO"},
    ),
    # --- RevokeShares -------------------------------------------------------------------------
    ("revoke all shares", "RevokeShares", {}),
    ("stop sharing everything with support", "RevokeShares", {}),
    ("unshare everything", "RevokeShares", {}),
    ("cancel sharing", "RevokeShares", {}),
    ("remove support access", "RevokeShares", {}),
    ("revoke access to my shared clips", "RevokeShares", {}),
    ("stop sharing my videos with support", "RevokeShares", {}),
    # --- AccessLog ----------------------------------------------------------------------------
    ("who has looked at the garage clips", "AccessLog", {"camera": "garage"}),
    ("has anyone watched my videos this week", "AccessLog", {"date": "2025-W02"}),
    ("show me the access log", "AccessLog", {}),
    ("who viewed the driveway recordings yesterday", "AccessLog", {"camera": "driveway", "date": YESTERDAY}),
    ("who's been watching my clips", "AccessLog", {}),
    ("show the viewing history for today", "AccessLog", {"date": TODAY}),
    ("who accessed the porch footage last week", "AccessLog", {"camera": "front_door", "date": "2025-W01"}),
    ("who else has seen my clips", "AccessLog", {}),
    # --- SetRecording -------------------------------------------------------------------------
    ("pause the garage camera", "SetRecording", {"camera": "garage", "state": "off"}),
    ("stop filming the patio", "SetRecording", {"camera": "backyard", "state": "off"}),
    ("turn off the living room camera", "SetRecording", {"camera": "living_room", "state": "off"}),
    ("switch the doorbell camera off", "SetRecording", {"camera": "front_door", "state": "off"}),
    ("start recording the driveway again", "SetRecording", {"camera": "driveway", "state": "on"}),
    ("disable the lounge camera", "SetRecording", {"camera": "living_room", "state": "off"}),
    ("turn recording back on in the garage", "SetRecording", {"camera": "garage", "state": "on"}),
    ("put the living room in privacy mode", "SetRecording", {"camera": "living_room", "state": "off"}),
    ("stop recording", "SetRecording", {"state": "off"}),
    ("resume recording", "SetRecording", {"state": "on"}),
    ("turn the front porch camera on", "SetRecording", {"camera": "front_door", "state": "on"}),
    ("stop recording in the backyard", "SetRecording", {"camera": "backyard", "state": "off"}),
    ("turn on privacy mode for the living room", "SetRecording", {"camera": "living_room", "state": "off"}),
    ("turn off privacy mode in the living room", "SetRecording", {"camera": "living_room", "state": "on"}),
    ("start the garage camera", "SetRecording", {"camera": "garage", "state": "on"}),
    ("don't record the lounge", "SetRecording", {"camera": "living_room", "state": "off"}),
    # --- CameraStatus ------------------------------------------------------------------------
    ("is the patio camera still recording", "CameraStatus", {"camera": "backyard"}),
    ("which of my cameras are paused", "CameraStatus", {}),
    ("camera status", "CameraStatus", {}),
    ("is the doorbell camera offline", "CameraStatus", {"camera": "front_door"}),
    # --- clock times ---------------------------------------------------------------------------
    ("what happened on the patio at 6 am", "ListClips", {"camera": "backyard", "time": "06:00"}),
    ("how many clips between 1 and 3 pm", "CountClips", {"from_time": "13:00", "to_time": "15:00"}),
    (
        "show the garage clip from yesterday at quarter to five",
        "ShowClip",
        {"camera": "garage", "date": "2025-01-07", "time": "16:45"},
    ),
    ("delete everything before 7 am today", "DeleteClips", {"to_time": "07:00", "date": "2025-01-08"}),
    ("what was recorded after midnight", "ListClips", {"from_time": "00:00"}),
    ("show the one at 2 15", "ShowClip", {"time": "14:15"}),
    # --- SetRetention -------------------------------------------------------------------------
    ("keep my clips for fourteen days", "SetRetention", {"days": 14}),
    ("set retention to ninety days", "SetRetention", {"days": 90}),
    ("only keep videos for two weeks", "SetRetention", {"days": 14}),
    ("keep recordings for a month", "SetRetention", {"days": 30}),
    ("delete clips after thirty days", "SetRetention", {"days": 30}),
    ("change the retention period to 60 days", "SetRetention", {"days": 60}),
    ("keep footage for 3 months", "SetRetention", {"days": 90}),
    ("store clips for one week", "SetRetention", {"days": 7}),
    ("retain recordings for forty five days", "SetRetention", {"days": 45}),
    ("set the retention to 10 days", "SetRetention", {"days": 10}),
    ("automatically delete videos older than a week", "SetRetention", {"days": 7}),
    ("keep everything for twenty one days", "SetRetention", {"days": 21}),
    # --- RetentionInfo ------------------------------------------------------------------------
    ("what's my retention setting", "RetentionInfo", {}),
    ("how long are clips kept", "RetentionInfo", {}),
    ("how long are my videos stored", "RetentionInfo", {}),
    ("when do my recordings get deleted", "RetentionInfo", {}),
    ("what is the current retention period", "RetentionInfo", {}),
    ("how many days do you keep clips", "RetentionInfo", {}),
    ("how long do clips stay", "RetentionInfo", {}),
    # --- Help / Yes / No / Cancel / Stop ------------------------------------------------------
    ("what can you do", "Help", {}),
    ("I need some help", "Help", {}),
    ("how do I use this", "Help", {}),
    ("Help me, please!", "Help", {}),
    ("yeah go ahead", "Yes", {}),
    ("sure", "Yes", {}),
    ("yes please", "Yes", {}),
    ("Yep, do it.", "Yes", {}),
    ("yes, share it", "Yes", {}),
    ("no thanks", "No", {}),
    ("nope", "No", {}),
    ("don't delete them", "No", {}),
    ("no keep them", "No", {}),
    ("never mind", "Cancel", {}),
    ("forget it", "Cancel", {}),
    ("cancel that", "Cancel", {}),
    ("that's all", "Stop", {}),
    ("goodbye", "Stop", {}),
    ("be quiet", "Stop", {}),
    ("alexa stop", "Stop", {}),
    # --- a second batch, written after the catalogue work and used only to check it ----------
    (
        "show me what the doorbell saw this morning",
        "ListClips",
        {"camera": "front_door", "date": TODAY, "period": "MO"},
    ),
    ("play today's first clip", "ShowClip", {"date": TODAY, "which": "first"}),
    ("let me watch the latest garage video", "ShowClip", {"camera": "garage", "which": "latest"}),
    ("can you show me clips from the garden", "ShowClip", {"camera": "backyard"}),
    ("open the most recent video", "ShowClip", {"which": "latest"}),
    ("show the one before", "ShowClip", {"which": "previous"}),
    ("play it again", "ShowClip", {"which": "this"}),
    ("show me the clip with the delivery driver", "ShowClip", {"label": "package"}),
    (
        "show me footage of the patio from friday afternoon",
        "ShowClip",
        {"camera": "backyard", "date": "2025-01-03", "period": "AF"},
    ),
    ("play the living room clip from tonight", "ShowClip", {"camera": "living_room", "date": TODAY, "period": "NI"}),
    ("I'd like to see the porch video from sunday", "ShowClip", {"camera": "front_door", "date": "2025-01-05"}),
    ("show the clips from jan 5th", "ShowClip", {"date": "2025-01-05"}),
    ("show me the 4th of january", "ShowClip", {"date": "2025-01-04"}),
    ("skip to the next clip", "ShowClip", {"which": "next"}),
    ("delete the video", "DeleteClips", {}),
    ("delete all of today's clips", "DeleteClips", {"date": TODAY}),
    ("delete everything from the driveway camera", "DeleteClips", {"camera": "driveway"}),
    ("please remove the clips of the cat", "DeleteClips", {"label": "animal"}),
    ("delete all recordings", "DeleteClips", {}),
    ("delete the last one", "DeleteClips", {"which": "latest"}),
    ("clear out the garage clips from last week", "DeleteClips", {"camera": "garage", "date": "2025-W01"}),
    ("delete these", "DeleteClips", {"which": "this"}),
    ("throw away yesterday's videos", "DeleteClips", {"date": YESTERDAY}),
    ("delete every clip from the backyard on tuesday", "DeleteClips", {"camera": "backyard", "date": YESTERDAY}),
    ("how many clips did the backyard record today", "CountClips", {"camera": "backyard", "date": TODAY}),
    ("how many people were at the door", "CountClips", {"label": "person", "camera": "front_door"}),
    ("how many events were there last night", "CountClips", {"date": YESTERDAY, "period": "NI"}),
    ("count the deliveries this month", "CountClips", {"label": "package", "date": "2025-01"}),
    ("how many dogs yesterday", "CountClips", {"label": "animal", "date": YESTERDAY}),
    ("how many recordings are there", "CountClips", {}),
    ("what's the total number of clips from the garage", "CountClips", {"camera": "garage"}),
    (
        "how many times did someone ring the doorbell today",
        "CountClips",
        {"label": "person", "camera": "front_door", "date": TODAY},
    ),
    ("what happened today", "ListClips", {"date": TODAY}),
    ("what's been going on in the garage", "ListClips", {"camera": "garage"}),
    ("anything interesting today", "ListClips", {"date": TODAY}),
    (
        "tell me about the clips from the driveway this morning",
        "ListClips",
        {"camera": "driveway", "date": TODAY, "period": "MO"},
    ),
    (
        "were there any cars in the driveway last night",
        "ListClips",
        {"label": "vehicle", "camera": "driveway", "date": YESTERDAY, "period": "NI"},
    ),
    ("did anyone come by today", "ListClips", {"label": "person", "date": TODAY}),
    ("is there anything from the front door", "ListClips", {"camera": "front_door"}),
    ("what's the latest from the backyard", "ListClips", {"camera": "backyard"}),
    ("list all videos from yesterday afternoon", "ListClips", {"date": YESTERDAY, "period": "AF"}),
    (
        "who was at the door this morning",
        "ListClips",
        {"label": "person", "camera": "front_door", "date": TODAY, "period": "MO"},
    ),
    (
        "what happened in the living room on new year's eve",
        "ListClips",
        {"camera": "living_room", "date": "2024-12-31"},
    ),
    ("any motion in the garage overnight", "ListClips", {"camera": "garage", "date": YESTERDAY, "period": "NI"}),
    ("were there animals in the backyard", "ListClips", {"label": "animal", "camera": "backyard"}),
    ("restore my clips", "RestoreClips", {}),
    ("undo the delete", "RestoreClips", {}),
    ("can I get those clips back", "RestoreClips", {}),
    ("share this with the vendor", "ShareClip", {"which": "this"}),
    ("send the clip to support", "ShareClip", {}),
    ("share the latest clip", "ShareClip", {"which": "latest"}),
    ("stop sharing", "RevokeShares", {}),
    ("revoke sharing", "RevokeShares", {}),
    ("cancel all shares", "RevokeShares", {}),
    ("who watched the garage clips yesterday", "AccessLog", {"camera": "garage", "date": YESTERDAY}),
    ("who has seen my videos", "AccessLog", {}),
    ("show me who viewed my clips", "AccessLog", {}),
    ("turn off recording in the living room", "SetRecording", {"camera": "living_room", "state": "off"}),
    ("stop the driveway camera", "SetRecording", {"camera": "driveway", "state": "off"}),
    ("pause recording in the lounge", "SetRecording", {"camera": "living_room", "state": "off"}),
    ("turn the backyard camera back on", "SetRecording", {"camera": "backyard", "state": "on"}),
    ("enable the front door camera", "SetRecording", {"camera": "front_door", "state": "on"}),
    ("start recording again", "SetRecording", {"state": "on"}),
    ("turn off the garage cam", "SetRecording", {"camera": "garage", "state": "off"}),
    ("keep clips for a week", "SetRetention", {"days": 7}),
    ("set retention to 2 weeks", "SetRetention", {"days": 14}),
    ("keep videos for 6 months", "SetRetention", {"days": 180}),
    ("change retention to fifteen days", "SetRetention", {"days": 15}),
    ("delete recordings after one month", "SetRetention", {"days": 30}),
    ("keep the last 30 days of clips", "SetRetention", {"days": 30}),
    ("how long do you store videos", "RetentionInfo", {}),
    ("what is my retention", "RetentionInfo", {}),
    ("how long are recordings kept for", "RetentionInfo", {}),
    ("how long do you keep footage", "RetentionInfo", {}),
    ("what can I ask", "Help", {}),
    ("help me", "Help", {}),
    ("yes do it", "Yes", {}),
    ("ok", "Yes", {}),
    ("yeah", "Yes", {}),
    ("no don't", "No", {}),
    ("nah", "No", {}),
    ("cancel it", "Cancel", {}),
    ("nevermind", "Cancel", {}),
    ("quit", "Stop", {}),
    ("I'm done", "Stop", {}),
    # --- a third batch, also written before looking at what the parser made of it ------------------
    ("show me all the clips from this morning", "ShowClip", {"date": TODAY, "period": "MO"}),
    ("play the most recent one", "ShowClip", {"which": "latest"}),
    ("let me see the garage", "ShowClip", {"camera": "garage"}),
    (
        "show me the first clip from the driveway yesterday morning",
        "ShowClip",
        {"which": "first", "camera": "driveway", "date": YESTERDAY, "period": "MO"},
    ),
    ("what's in the latest clip", "ShowClip", {"which": "latest"}),
    ("play the clip with the fox", "ShowClip", {"label": "animal"}),
    ("show me the packages from today", "ShowClip", {"label": "package", "date": TODAY}),
    ("show the previous recording", "ShowClip", {"which": "previous"}),
    ("can you play the garage video from two days ago", "ShowClip", {"camera": "garage", "date": "2025-01-06"}),
    (
        "show the lounge camera from last night",
        "ShowClip",
        {"camera": "living_room", "date": YESTERDAY, "period": "NI"},
    ),
    ("open up the newest clip", "ShowClip", {"which": "latest"}),
    ("show me the earliest clip today", "ShowClip", {"which": "first", "date": TODAY}),
    ("delete all the driveway clips", "DeleteClips", {"camera": "driveway"}),
    ("delete the clips from the porch yesterday", "DeleteClips", {"camera": "front_door", "date": YESTERDAY}),
    ("remove everything from last week", "DeleteClips", {"date": "2025-W01"}),
    ("delete all the videos with vehicles", "DeleteClips", {"label": "vehicle"}),
    ("erase the first video", "DeleteClips", {"which": "first"}),
    ("delete all animal clips from the garden", "DeleteClips", {"label": "animal", "camera": "backyard"}),
    ("delete the clips from this afternoon", "DeleteClips", {"date": TODAY, "period": "AF"}),
    ("get rid of that video", "DeleteClips", {"which": "this"}),
    ("how many clips did I get yesterday", "CountClips", {"date": YESTERDAY}),
    ("how many times did someone come to the front door", "CountClips", {"label": "person", "camera": "front_door"}),
    ("how many videos are from the garage", "CountClips", {"camera": "garage"}),
    ("how many deliveries this week", "CountClips", {"label": "package", "date": "2025-W02"}),
    ("how many clips have been recorded today", "CountClips", {"date": TODAY}),
    ("number of clips from the driveway", "CountClips", {"camera": "driveway"}),
    ("how many animals were spotted last night", "CountClips", {"label": "animal", "date": YESTERDAY, "period": "NI"}),
    ("count the clips with people in them", "CountClips", {"label": "person"}),
    ("did anything happen in the backyard", "ListClips", {"camera": "backyard"}),
    ("what's happening at the front door", "ListClips", {"camera": "front_door"}),
    ("give me a rundown of today", "ListClips", {"date": TODAY}),
    ("were there any visitors yesterday", "ListClips", {"label": "person", "date": YESTERDAY}),
    ("did any cars come by this morning", "ListClips", {"label": "vehicle", "date": TODAY, "period": "MO"}),
    ("list everything from the lounge", "ListClips", {"camera": "living_room"}),
    (
        "what did the patio camera see yesterday evening",
        "ListClips",
        {"camera": "backyard", "date": YESTERDAY, "period": "EV"},
    ),
    ("anything at the door", "ListClips", {"camera": "front_door"}),
    ("has anyone been in the garage today", "ListClips", {"label": "person", "camera": "garage", "date": TODAY}),
    ("what went on while we were away", "ListClips", {}),
    ("tell me about today's activity", "ListClips", {"date": TODAY}),
    ("what movement was there in the driveway", "ListClips", {"camera": "driveway"}),
    ("restore the clips", "RestoreClips", {}),
    ("undo that", "RestoreClips", {}),
    ("bring back the deleted videos", "RestoreClips", {}),
    ("share this clip", "ShareClip", {"which": "this"}),
    ("send this to the support team as feedback", "ShareClip", {"which": "this"}),
    ("share yesterday's driveway clip with support", "ShareClip", {"camera": "driveway", "date": YESTERDAY}),
    ("stop sharing my clips with the vendor", "RevokeShares", {}),
    ("revoke all the shared links", "RevokeShares", {}),
    ("who has watched my recordings this week", "AccessLog", {"date": "2025-W02"}),
    ("who looked at my videos", "AccessLog", {}),
    ("show me the access history", "AccessLog", {}),
    ("pause recording on the front door", "SetRecording", {"camera": "front_door", "state": "off"}),
    ("turn the living room camera off", "SetRecording", {"camera": "living_room", "state": "off"}),
    ("resume the garage camera", "SetRecording", {"camera": "garage", "state": "on"}),
    ("stop recording the patio camera", "SetRecording", {"camera": "backyard", "state": "off"}),
    ("switch on the driveway camera", "SetRecording", {"camera": "driveway", "state": "on"}),
    ("keep videos for 45 days", "SetRetention", {"days": 45}),
    ("save clips for three weeks", "SetRetention", {"days": 21}),
    ("set the retention period to one month", "SetRetention", {"days": 30}),
    ("only keep a week of recordings", "SetRetention", {"days": 7}),
    ("how long do my clips last", "RetentionInfo", {}),
    ("what's the retention period", "RetentionInfo", {}),
    ("how long will you keep my videos", "RetentionInfo", {}),
    ("what can you help with", "Help", {}),
    ("how does this work", "Help", {}),
    ("yes please do", "Yes", {}),
    ("absolutely", "Yes", {}),
    ("no, don't delete anything", "No", {}),
    ("no thank you", "No", {}),
    ("cancel that please", "Cancel", {}),
    ("stop talking", "Stop", {}),
    ("bye", "Stop", {}),
    # --- a fourth batch, likewise -------------------------------------------------------------------
    (
        "show me the video from the garage this afternoon",
        "ShowClip",
        {"camera": "garage", "date": TODAY, "period": "AF"},
    ),
    ("i want to see the last clip with a person", "ShowClip", {"which": "latest", "label": "person"}),
    ("play the newest driveway recording", "ShowClip", {"camera": "driveway", "which": "latest"}),
    ("show me the oldest clip from the patio", "ShowClip", {"which": "first", "camera": "backyard"}),
    ("can I watch the clip from the front porch", "ShowClip", {"camera": "front_door"}),
    (
        "bring up the lounge footage from saturday evening",
        "ShowClip",
        {"camera": "living_room", "date": "2025-01-04", "period": "EV"},
    ),
    ("the next one please", "ShowClip", {"which": "next"}),
    ("show me the one after that", "ShowClip", {"which": "next"}),
    ("delete every video from the garage", "DeleteClips", {"camera": "garage"}),
    ("wipe all the clips from last month", "DeleteClips", {"date": "2024-12"}),
    ("delete the clip of the truck", "DeleteClips", {"label": "vehicle"}),
    ("remove this recording", "DeleteClips", {"which": "this"}),
    (
        "delete the recordings from the living room this evening",
        "DeleteClips",
        {"camera": "living_room", "date": TODAY, "period": "EV"},
    ),
    ("erase yesterday", "DeleteClips", {"date": YESTERDAY}),
    ("how many clips came from the driveway", "CountClips", {"camera": "driveway"}),
    ("how many times was the garage triggered today", "CountClips", {"camera": "garage", "date": TODAY}),
    (
        "how many people did the doorbell see yesterday",
        "CountClips",
        {"label": "person", "camera": "front_door", "date": YESTERDAY},
    ),
    ("how many videos do we have from last weekend", "CountClips", {"date": "2025-W01-WE"}),
    ("tell me how many clips there are from today", "CountClips", {"date": TODAY}),
    ("what's going on in the backyard", "ListClips", {"camera": "backyard"}),
    ("any clips from the garage", "ListClips", {"camera": "garage"}),
    (
        "was there anyone on the porch last night",
        "ListClips",
        {"label": "person", "camera": "front_door", "date": YESTERDAY, "period": "NI"},
    ),
    ("list clips with animals", "ListClips", {"label": "animal"}),
    ("what's been recorded today", "ListClips", {"date": TODAY}),
    ("what happened over the weekend in the garden", "ListClips", {"date": "2025-W01-WE", "camera": "backyard"}),
    ("tell me what the driveway camera recorded", "ListClips", {"camera": "driveway"}),
    ("did any packages arrive today", "ListClips", {"label": "package", "date": TODAY}),
    ("undo delete", "RestoreClips", {}),
    ("get my clips back", "RestoreClips", {}),
    ("share the clip with the developers for feedback", "ShareClip", {}),
    ("send the first clip from yesterday to support", "ShareClip", {"which": "first", "date": YESTERDAY}),
    ("stop sharing clips", "RevokeShares", {}),
    ("withdraw my shares", "RevokeShares", {}),
    ("who opened my clips today", "AccessLog", {"date": TODAY}),
    ("has anybody viewed the garage videos", "AccessLog", {"camera": "garage"}),
    ("read me the access log", "AccessLog", {}),
    ("stop the camera in the garage", "SetRecording", {"camera": "garage", "state": "off"}),
    ("turn the lounge camera back on", "SetRecording", {"camera": "living_room", "state": "on"}),
    ("mute the patio camera", "SetRecording", {"camera": "backyard", "state": "off"}),
    ("start filming the driveway", "SetRecording", {"camera": "driveway", "state": "on"}),
    ("keep clips for ten days", "SetRetention", {"days": 10}),
    ("store recordings for 2 months", "SetRetention", {"days": 60}),
    ("delete old clips after two weeks", "SetRetention", {"days": 14}),
    ("what is the retention setting", "RetentionInfo", {}),
    ("how long are videos saved", "RetentionInfo", {}),
    ("what commands can I use", "Help", {}),
    ("yes go ahead", "Yes", {}),
    ("no stop", "No", {}),
    ("forget about it", "Cancel", {}),
    ("exit", "Stop", {}),
    ("delete the first", "DeleteClips", {"which": "first"}),
    # --- spot checks added with the last catalogue round -----------------------------------------
    ("show me everything from today", "ShowClip", {"date": TODAY}),
    ("play back yesterday's clips from the front door", "ShowClip", {"camera": "front_door", "date": YESTERDAY}),
    ("skip", "ShowClip", {"which": "next"}),
    ("go forward", "ShowClip", {"which": "next"}),
    ("how many today", "CountClips", {"date": TODAY}),
    ("did the cat go out last night", "ListClips", {"label": "animal", "date": YESTERDAY, "period": "NI"}),
    ("who is at the front door right now", "ListClips", {"label": "person", "camera": "front_door"}),
    ("has my parcel arrived", "ListClips", {"label": "package"}),
    ("what happened on the 2nd", "ListClips", {"date": "2025-01-02"}),
    ("what happened in december", "ListClips", {"date": "2024-12"}),
    ("pause all recording", "SetRecording", {"state": "off"}),
    ("set retention to one hundred and twenty days", "SetRetention", {"days": 120}),
    ("yes delete all of them", "Yes", {}),
    ("no thanks, keep them", "No", {}),
    ("stop playing", "Stop", {}),
]

OUT_OF_DOMAIN: list[str] = [
    "what's the weather tomorrow",
    "play some jazz in the living room",
    "turn off the kitchen lights",
    "turn on the living room lights",
    "what time is it",
    "set a timer for ten minutes",
    "add milk to my shopping list",
    "order more dog food",
    "play some music",
    "tell me a joke",
    "what's on my calendar today",
    "call mom",
    "how tall is mount everest",
    "set an alarm for 7 am",
    "remind me to take out the trash",
    "lock the front door",
    "open the garage door",
    "close the garage",
    "what's the temperature in the living room",
    "how many days until christmas",
    "how many calories in a banana",
    "delete my alarm",
    "show me the news",
    "stop the music",
    "cancel my subscription",
    "who won the game last night",
    "send a message to john",
    "play the next song",
    "what's the capital of france",
    "turn up the volume",
    "dim the lights in the lounge",
    "buy a new doorbell",
    "is the front door locked",
    "read me my email",
    "play the latest episode of my podcast",
    "play the radio",
    "what's the traffic like",
    "set the thermostat to 70",
    "is it going to rain today",
    "turn the tv on",
    "how many teaspoons in a tablespoon",
    "show me pictures of cats",
    "delete my last email",
    "what's on tv tonight",
    "order a pizza",
    "good morning",
    "when is sunset",
    "record a show",
    "show me my photos from yesterday",
    "who is the president",
    "turn off the bedroom fan",
    "open the front gate",
    "what's the date today",
    "play the latest news",
    "share my location",
    "what's the weather in paris",
    "play my workout playlist",
    "turn on the porch light",
    "how much is a new camera",
    "add eggs to the shopping list",
    "what's the news today",
    "call the garage",
    "show me a recipe for pancakes",
    "set a reminder for tomorrow",
    "how old is the universe",
    "text my wife",
    "turn the heat up in the living room",
    "what movies are playing",
    "open the garage",
    "lock the doors",
    "set the lights to blue",
    "what's my next meeting",
    "play a podcast",
    "turn on the garden sprinklers",
    "how many ounces in a cup",
    "show me the weather radar",
    "delete my voicemail",
    "who is calling",
    "open the blinds in the living room",
    "how do I make pancakes",
]


def canon(slots: dict) -> dict:
    return {key: str(value) for key, value in slots.items()}


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser([Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS])


@pytest.mark.parametrize("text, intent, slots", IN_DOMAIN, ids=[case[0] for case in IN_DOMAIN])
def test_novel_utterance(parser, text, intent, slots):
    result = parser.parse(text, now=NOW, tz=TZ)
    assert (result.intent, canon(result.slots)) == (intent, canon(slots))


@pytest.mark.parametrize("text", OUT_OF_DOMAIN)
def test_out_of_domain_gives_no_intent(parser, text):
    result = parser.parse(text, now=NOW, tz=TZ)
    assert (result.to_dict()["intent"], result.to_dict()["slots"]) == (None, {})
    assert result.intent is None or not result.sure  # at most the second stage's "did you mean ...?"


def test_table_is_big_and_covers_every_intent_and_slot_kind():
    assert len(IN_DOMAIN) >= 120 and len(OUT_OF_DOMAIN) >= 25
    assert {intent for _, intent, _ in IN_DOMAIN} == set(INTENTS)
    said = {key for _, _, slots in IN_DOMAIN for key in slots}
    assert said == {"camera", "date", "period", "label", "which", "state", "days", "time", "from_time", "to_time"}
    dates = {slots["date"] for _, _, slots in IN_DOMAIN if "date" in slots}
    assert any(len(d) == 10 for d in dates) and any(d.endswith("-WE") for d in dates)
    assert any("-W" in d and not d.endswith("-WE") for d in dates) and any(len(d) == 7 for d in dates)
    assert any(len(d) == 4 for d in dates)


def test_table_is_not_the_development_set():
    if not DEV_SET.exists():
        pytest.skip("the evaluation set is not part of this repository: set HOME_CLIPS_EVAL to its folder")
    dev = {normalize(case["text"]) for case in yaml.safe_load(DEV_SET.read_text())["cases"]}
    novel = {normalize(text) for text, _, _ in IN_DOMAIN} | {normalize(text) for text in OUT_OF_DOMAIN}
    assert not dev & novel
    assert len(novel) == len(IN_DOMAIN) + len(OUT_OF_DOMAIN), "duplicate utterances in the table"


# --- the contract's rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, intent",
    [
        ("show the next clip", "ShowClip"),
        ("go back to the previous video", "ShowClip"),
        ("delete this clip", "DeleteClips"),
        ("undo", "RestoreClips"),
        ("stop recording", "SetRecording"),
        ("how many clips", "CountClips"),
        ("what happened", "ListClips"),
        ("who watched my clips", "AccessLog"),
        ("share it with support", "ShareClip"),
    ],
)
def test_slots_appear_only_when_said(parser, text, intent):
    result = parser.parse(text, now=NOW, tz=TZ)
    assert result.intent == intent
    assert "date" not in result.slots and "period" not in result.slots and "camera" not in result.slots
    assert "label" not in result.slots


def test_next_clip_has_only_which(parser):
    assert parser.parse("show the next clip", now=NOW, tz=TZ).slots == {"which": "next"}


@pytest.mark.parametrize("text, intent, slots", IN_DOMAIN, ids=[case[0] for case in IN_DOMAIN])
def test_slot_keys_stay_within_the_intent(parser, text, intent, slots):
    result = parser.parse(text, now=NOW, tz=TZ)
    assert set(result.slots) <= set(SLOTS.get(result.intent, ()))


def test_slot_values_are_canonical(parser):
    cameras = {slug for slug, _, _ in DEMO_CAMERAS}
    for text, _, _ in IN_DOMAIN:
        slots = parser.parse(text, now=NOW, tz=TZ).slots
        assert slots.get("camera", "front_door") in cameras
        assert slots.get("label", "person") in {"person", "animal", "vehicle", "package"}
        assert slots.get("which", "this") in {"latest", "first", "next", "previous", "this"}
        assert slots.get("state", "on") in {"on", "off"}
        assert slots.get("period", "MO") in {"MO", "AF", "EV", "NI"}
        assert isinstance(slots.get("days", 1), int)


@pytest.mark.parametrize(
    "text",
    [
        "SHOW ME THE GARAGE CLIP",
        "Show me the garage clip.",
        "show me the garage clip!!!",
        "  show   me the garage clip ",
        "show me the garage clip, please",
        "alexa, show me the garage clip",
        "um, show me the garage clip",
        "show me the... uh... garage clip",
        "Show me the Garage clip?",
    ],
)
def test_punctuation_capitals_and_fillers(parser, text):
    assert parser.parse(text, now=NOW, tz=TZ).to_dict() == {
        "text": text,
        "intent": "ShowClip",
        "slots": {"camera": "garage"},
    }


def test_curly_apostrophes_and_possessives(parser):
    result = parser.parse("play yesterday\u2019s garage clip", now=NOW, tz=TZ)
    assert (result.intent, result.slots) == ("ShowClip", {"camera": "garage", "date": YESTERDAY})
    result = parser.parse("show the front door\u2019s latest video", now=NOW, tz=TZ)
    assert (result.intent, result.slots) == ("ShowClip", {"camera": "front_door", "which": "latest"})


@pytest.mark.parametrize("text", ["", "   ", "?!", "...", "\u00a0"])
def test_empty_text(parser, text):
    assert parser.parse(text, now=NOW, tz=TZ).to_dict() == {"text": text, "intent": None, "slots": {}}


# --- dates depend on the pinned clock and zone -------------------------------------------------------


@pytest.mark.parametrize(
    "text, now, tz, date",
    [
        ("what happened on december 31st", "2025-01-02T12:00:00+00:00", "UTC", "2024-12-31"),
        ("what happened on january 2nd", "2025-01-02T12:00:00+00:00", "UTC", "2025-01-02"),
        ("what happened on january 3rd", "2025-01-02T12:00:00+00:00", "UTC", "2024-01-03"),
        ("what happened on february 29th", "2026-06-01T12:00:00+00:00", "UTC", "2024-02-29"),
        ("what happened on the 31st", "2025-03-05T12:00:00+00:00", "UTC", "2025-01-31"),
        ("what happened in november", "2025-01-08T12:00:00+00:00", "UTC", "2024-11"),
        ("what happened yesterday", "2025-01-01T03:00:00+00:00", "UTC", "2024-12-31"),
        # 03:00 UTC on New Year's Day is still 22:00 on 31 December in New York.
        ("what happened yesterday", "2025-01-01T03:00:00+00:00", "America/New_York", "2024-12-30"),
        ("what happened today", "2025-01-01T03:00:00+00:00", "America/New_York", "2024-12-31"),
        ("what happened today", "2025-01-01T03:00:00+00:00", "Asia/Tokyo", "2025-01-01"),
        ("what happened last week", "2021-01-06T12:00:00+00:00", "UTC", "2020-W53"),
        ("what happened this week", "2024-12-31T12:00:00+00:00", "UTC", "2025-W01"),
        ("what happened last month", "2025-01-08T12:00:00+00:00", "UTC", "2024-12"),
        ("what happened on wednesday", "2025-01-08T12:00:00+00:00", "UTC", "2025-01-08"),
        ("what happened last wednesday", "2025-01-08T12:00:00+00:00", "UTC", "2025-01-01"),
        ("what happened on christmas", "2025-01-08T12:00:00+00:00", "UTC", "2024-12-25"),
    ],
)
def test_relative_dates_follow_the_clock(parser, text, now, tz, date):
    result = parser.parse(text, now=datetime.fromisoformat(now), tz=tz)
    assert (result.intent, result.slots.get("date")) == ("ListClips", date)


@pytest.mark.parametrize(
    "text",
    [
        "what happened at 3 pm",
        "what happened in the last 24 hours",
        "show me the second clip",
        "show the clip from the last hour",
    ],
)
def test_times_and_ordinals_are_never_taken_for_a_camera(parser, text):
    assert "camera" not in parser.parse(text, now=NOW, tz=TZ).slots


def test_last_night_is_the_day_before_with_period_night(parser):
    result = parser.parse("what happened last night", now=NOW, tz=TZ)
    assert result.slots == {"date": YESTERDAY, "period": "NI"}


# --- a household of its own: cameras come from the store, not from code -------------------------------


@pytest.fixture(scope="module")
def nursery_parser() -> Parser:
    return Parser([Camera("nursery", "Nursery", ("baby room",))])


@pytest.mark.parametrize(
    "text, intent, slots",
    [
        ("show the nursery clip", "ShowClip", {"camera": "nursery"}),
        (
            "what happened in the baby room last night",
            "ListClips",
            {"camera": "nursery", "date": YESTERDAY, "period": "NI"},
        ),
        ("stop recording the nursery", "SetRecording", {"camera": "nursery", "state": "off"}),
        ("turn the baby room camera back on", "SetRecording", {"camera": "nursery", "state": "on"}),
        ("how many clips from the nursery today", "CountClips", {"camera": "nursery", "date": TODAY}),
        ("delete the baby room's videos from yesterday", "DeleteClips", {"camera": "nursery", "date": YESTERDAY}),
        (
            "was anyone in the nursery this morning",
            "ListClips",
            {"camera": "nursery", "label": "person", "date": TODAY, "period": "MO"},
        ),
    ],
)
def test_custom_household_camera(nursery_parser, text, intent, slots):
    result = nursery_parser.parse(text, now=NOW, tz=TZ)
    assert (result.intent, canon(result.slots)) == (intent, canon(slots))


@pytest.mark.parametrize(
    "text",
    [
        "show the porch clip",
        "what happened in the garden",
        "stop recording the lounge",
        "delete the patio videos",
        "how many clips from the doorbell",
        "what happened at the entrance",
    ],
)
def test_demo_synonyms_are_not_known_in_another_household(nursery_parser, text):
    # Either nothing, or the spoken name reported as a camera the household does not have (the handler then
    # lists the real ones): never the demo camera the synonym belongs to, never this household's camera.
    slots = nursery_parser.parse(text, now=NOW, tz=TZ).slots
    assert slots.get("camera") not in {"nursery", "front_door", "backyard", "living_room"}


@pytest.mark.parametrize(
    "text",
    [
        "show the garage clip",
        "what happened on the driveway",
        "turn off the living room camera",
        "show the front door clip",
    ],
)
def test_demo_names_are_not_this_households_cameras(nursery_parser, text):
    # At most reported as the spoken name of a camera this household does not have.
    assert nursery_parser.parse(text, now=NOW, tz=TZ).slots.get("camera") in {
        None,
        "garage",
        "driveway",
        "living_room",
        "front_door",
    }


def test_demo_household_does_not_know_the_nursery(parser):
    for text in ("show the nursery clip", "show the baby room clip", "stop recording the baby room"):
        assert parser.parse(text, now=NOW, tz=TZ).slots.get("camera") not in {slug for slug, _, _ in DEMO_CAMERAS}


def test_hyphenated_and_possessive_camera_names():
    parser = Parser([Camera("kids_room", "Kid's Room", ("play-room",)), Camera("side_gate", "Side-Gate", ())])
    for text, camera in [
        ("what happened in the kid's room", "kids_room"),
        ("show the play room clip", "kids_room"),
        ("show the play-room clip", "kids_room"),
        ("stop recording the side gate", "side_gate"),
        ("how many clips from the side-gate camera", "side_gate"),
    ]:
        assert parser.parse(text, now=NOW, tz=TZ).slots.get("camera") == camera, text


def test_a_new_camera_needs_no_code_change():
    cameras = [Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS]
    cameras.append(Camera("shed", "Garden Shed", ("shed",)))
    parser = Parser(cameras)
    assert parser.parse("show the garden shed clip", now=NOW, tz=TZ).slots == {"camera": "shed"}
    assert parser.parse("show the garden clip", now=NOW, tz=TZ).slots == {"camera": "backyard"}
