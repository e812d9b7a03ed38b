-- Stream secrets in forms older versions did not recognise (a password in the path, `passphrase=`, a bare key as
-- user info) may sit in a recorder's last reported state: drop those states (the recorder reports anew within
-- seconds). The audit log's old entries stay as they were written: it is append-only.
UPDATE cameras SET recorder_state = NULL WHERE recorder_state IS NOT NULL;
