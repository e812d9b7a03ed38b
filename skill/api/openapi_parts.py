"""The pieces of the OpenAPI document that no view's docstring holds: schemas, shared parameters, responses."""

from __future__ import annotations

from clipstore import LABELS, MAX_LIMIT, MAX_RETENTION_DAYS, MAX_SYNONYMS, ROLES

PATH_PARAMS: dict[str, dict] = {
    "clip_id": {"description": "A clip id.", "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"}},
    "camera_id": {
        "description": "A camera id (slug).",
        "schema": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"},
    },
}
_TIME = {"type": "string", "format": "date-time", "example": "2026-11-24T19:15:02Z"}
_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

SCHEMAS: dict[str, dict] = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Clip": {
        "type": "object",
        "required": ["id", "camera", "started_at", "duration_s", "labels"],
        "properties": {
            "id": {"type": "string"},
            "camera": {"type": "string"},
            "started_at": _TIME,
            "duration_s": {"type": "number"},
            "labels": {"type": "array", "items": {"type": "string", "enum": list(LABELS)}},
            "size_bytes": {"type": "integer"},
            "sha256": {"type": "string"},
            "video_url": {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": "Signed, expiring link that works without the token.",
            },
            "thumbnail_url": {"type": "string", "format": "uri", "nullable": True},
        },
    },
    "ClipPage": {
        "type": "object",
        "required": ["clips", "next"],
        "properties": {
            "clips": {"type": "array", "items": {"$ref": "#/components/schemas/Clip"}},
            "next": {"type": "string", "nullable": True, "description": "Cursor of the next page, or null."},
        },
    },
    "ClipUpload": {
        "type": "object",
        "required": ["file", "camera"],
        "properties": {
            "file": {"type": "string", "format": "binary", "description": "An MP4 video."},
            "camera": {"type": "string"},
            "started_at": _TIME,
            "labels": {"type": "string", "description": "Comma-separated labels.", "example": "person,package"},
        },
    },
    "Count": {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer", "minimum": 0}}},
    "Deleted": {
        "type": "object",
        "required": ["deleted"],
        "properties": {"deleted": {"type": "integer", "minimum": 0}},
    },
    "Camera": {
        "type": "object",
        "required": ["id", "name", "synonyms", "recording"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "synonyms": {"type": "array", "items": {"type": "string"}},
            "recording": {"type": "boolean"},
            "source": {"type": "string", "description": "stream URL, password masked (only when set)"},
            "recorder": {"type": "object", "nullable": True, "description": "connected, last clip, last error"},
        },
    },
    "CameraList": {
        "type": "object",
        "required": ["cameras"],
        "properties": {"cameras": {"type": "array", "items": {"$ref": "#/components/schemas/Camera"}}},
    },
    "LabelCoverage": {
        "type": "object",
        "required": ["labels", "cameras"],
        "properties": {
            "labels": {
                "type": "array",
                "items": {"type": "string", "enum": list(LABELS)},
                "description": "Every label a clip can have.",
            },
            "cameras": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["camera", "can_tell", "sources"],
                    "properties": {
                        "camera": {"type": "string", "description": "The camera's id."},
                        "can_tell": {
                            "type": "array",
                            "nullable": True,
                            "items": {"type": "string", "enum": list(LABELS)},
                            "description": "The labels its sources can give, together; null: no known source labels"
                            " its clips. A label missing here is one this camera cannot tell.",
                        },
                        "sources": {
                            "type": "array",
                            "description": "Newest first.",
                            "items": {
                                "type": "object",
                                "required": ["source", "labels"],
                                "properties": {
                                    "source": {"type": "string", "example": "frigate"},
                                    "labels": {"type": "array", "items": {"type": "string", "enum": list(LABELS)}},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    "CameraNew": {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "maxLength": 60},
            "id": PATH_PARAMS["camera_id"]["schema"],
            "synonyms": {"type": "array", "maxItems": MAX_SYNONYMS, "items": {"type": "string"}},
            "recording": {"type": "boolean", "default": True},
            "source": {"type": "string", "maxLength": 2000, "description": "rtsp:// or http(s):// stream"},
        },
    },
    "CameraPatch": {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "maxLength": 60},
            "synonyms": {"type": "array", "maxItems": MAX_SYNONYMS, "items": {"type": "string"}},
            "recording": {"type": "boolean", "description": "false = privacy mode"},
            "source": {"type": "string", "maxLength": 2000, "description": "stream URL; empty removes it"},
        },
    },
    "AuditEvent": {
        "type": "object",
        "required": ["id", "at", "channel", "actor", "action"],
        "properties": {
            "id": {"type": "integer"},
            "at": _TIME,
            "channel": {"type": "string"},
            "actor": {"type": "string"},
            "action": {"type": "string"},
            "clip_id": {"type": "string", "nullable": True},
            "camera": {"type": "string", "nullable": True},
            "detail": {"type": "object"},
            "actor_name": {"type": "string", "nullable": True, "description": "The member's name (actor is their id)"},
        },
    },
    "AuditLog": {
        "type": "object",
        "required": ["events", "chain"],
        "properties": {
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEvent"}},
            "chain": {
                "type": "object",
                "description": "The head of the household's audit hash chain",
                "properties": {"entries": {"type": "integer"}, "head": {"type": "string"}},
            },
        },
    },
    "Household": {
        "type": "object",
        "required": ["name", "timezone", "retention_days"],
        "properties": {
            "name": {"type": "string"},
            "timezone": {"type": "string", "example": "America/New_York"},
            "retention_days": {"type": "integer"},
        },
    },
    "HouseholdPatch": {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "timezone": {"type": "string", "description": "An IANA time zone.", "maxLength": 64},
            "retention_days": {"type": "integer", "minimum": 1, "maximum": MAX_RETENTION_DAYS},
            "confirm": {
                "type": "boolean",
                "description": "true: go ahead although clips past the new retention"
                " will be deleted (they go to the trash; undo restores them and the old setting)",
            },
        },
    },
    "HouseholdChanged": {
        "allOf": [
            {"$ref": "#/components/schemas/Household"},
            {
                "type": "object",
                "properties": {"trashed": {"type": "integer", "description": "Clips this change moved to the trash"}},
            },
        ]
    },
    "Member": {
        "type": "object",
        "required": ["id", "name", "role", "cameras"],
        "properties": {
            "id": {"type": "string", "example": "sam"},
            "name": {"type": "string", "example": "Sam"},
            "role": {"type": "string", "enum": list(ROLES)},
            "cameras": {
                "type": "array",
                "items": {"type": "string"},
                "nullable": True,
                "description": "The cameras the member may see; null: every camera",
            },
            "expires_at": {**_TIME, "nullable": True, "description": "A guest's end"},
            "has_password": {"type": "boolean"},
        },
    },
    "MemberList": {
        "type": "object",
        "required": ["members"],
        "properties": {"members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}},
    },
    "MemberNew": {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "maxLength": 40},
            "role": {"type": "string", "enum": list(ROLES), "default": "adult"},
            "cameras": {"type": "array", "items": {"type": "string"}, "nullable": True},
            "until": {**_TIME, "description": "A guest's end (a guest needs one)"},
        },
    },
    "MemberPatch": {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "role": {"type": "string", "enum": list(ROLES)},
            "cameras": {"type": "array", "items": {"type": "string"}, "nullable": True},
            "until": {**_TIME, "nullable": True},
        },
    },
    "MemberAdded": {
        "allOf": [
            {"$ref": "#/components/schemas/Member"},
            {
                "type": "object",
                "properties": {
                    "token": {"type": "string", "description": "Their API token, shown only this once"},
                    "password_link": {
                        "type": "string",
                        "description": "A one-time link to set a password for the page",
                    },
                },
            },
        ]
    },
    "NeedsConfirmation": {
        "type": "object",
        "required": ["error", "count", "confirm"],
        "properties": {
            "error": {"type": "string"},
            "count": {"type": "integer", "description": "Clips that would be deleted"},
            "confirm": {"type": "boolean", "description": 'Send the request again with "confirm": true'},
            "retention_days": {"type": "integer"},
        },
    },
}

QUERY_PARAMS: dict[str, dict] = {
    "camera": {"description": "Only this camera (its id).", "schema": {"type": "string"}},
    "label": {"description": "Only clips with this label.", "schema": {"type": "string", "enum": list(LABELS)}},
    "after": {"description": "Clips starting at or after this time (needs a zone or Z).", "schema": _TIME},
    "before": {"description": "Clips starting before this time (needs a zone or Z).", "schema": _TIME},
    "limit": {
        "description": "Page size.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50},
    },
    "cursor": {"description": "The `next` value of the previous page.", "schema": {"type": "string"}},
    "order": {
        "description": "newest (default) or oldest first; oldest gives one page, without a cursor.",
        "schema": {"type": "string", "enum": ["newest", "oldest"], "default": "newest"},
    },
    "audit_limit": {
        "name": "limit",
        "description": "At most this many events.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
    },
    "ids": {
        "description": "Only these clips: comma-separated clip ids (at most 500).",
        "schema": {"type": "string", "pattern": "^[0-9a-f]{16}(,[0-9a-f]{16}){0,499}$"},
    },
    "all": {
        "description": "Required (true) to delete without any filter.",
        "schema": {"type": "boolean", "default": False},
    },
}

RESPONSES: dict[str, dict] = {
    "BadRequest": {"description": "Invalid input; nothing was changed.", **_ERROR},
    "NotFound": {"description": "No such clip or camera in this household.", **_ERROR},
    "Forbidden": {"description": "The member's role does not allow this; nothing was changed.", **_ERROR},
    "Unauthorized": {
        "description": "Missing or invalid bearer token.",
        **_ERROR,
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
    },
}
