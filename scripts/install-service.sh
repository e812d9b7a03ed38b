#!/usr/bin/env bash
# Run Home Clips (`python -m skill`) as a systemd service that starts with the machine: its own system user, its data
# in /var/lib/home-clips, systemd's sandbox around it. See docs/deploy.md ("A home server").
#
#   sudo scripts/install-service.sh [--prefix /opt/home-clips] [--host 127.0.0.1] [--port 8080] [--user home-clips]
#                                   [--no-start]
#        copies this checkout to PREFIX (without .venv, .git or data), makes PREFIX/.venv there, creates the user,
#        /etc/home-clips/home-clips.env (settings, secrets) and /etc/systemd/system/home-clips.service, enables and
#        starts it. Running it again updates the code and the unit and restarts the service; the data stays.
#   scripts/install-service.sh --print-unit [options]    print the unit for these options; change nothing
#   sudo scripts/install-service.sh --uninstall           stop and remove the service (the data and the user stay)
set -euo pipefail

src="$(cd "$(dirname "$0")/.." && pwd)"
prefix=/opt/home-clips
host=127.0.0.1
port=8080
user=home-clips
data=/var/lib/home-clips
name=home-clips
action=install
start=1

usage() {  # the header above; on standard error when it answers a mistake
  local to=1
  [ "${1:-0}" = 0 ] || to=2
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&"$to"
  exit "${1:-0}"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --host) host=${2:?--host needs an address}; shift 2 ;;
    --port) port=${2:?--port needs a number}; shift 2 ;;
    --user) user=${2:?--user needs a name}; shift 2 ;;
    --no-start) start=0; shift ;;
    --print-unit) action=print; shift ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install-service: unknown option $1" >&2; usage 2 ;;
  esac
done
case "$prefix" in /*) ;; *) echo "install-service: --prefix must be an absolute path" >&2; exit 2 ;; esac
case "$prefix" in /home/*|/root/*|/root|/tmp/*|/run/*)
  if [ "$action" = install ]; then
    echo "install-service: --prefix $prefix is hidden from the service (ProtectHome, PrivateTmp); use e.g. /opt/home-clips" >&2
    exit 2
  fi ;;
esac
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1024 ] || [ "$port" -gt 65535 ]; then
  echo "install-service: --port must be 1024-65535 (the service holds no privileges; put a proxy on 443)" >&2
  exit 2
fi

unit() {
  cat <<EOF
# Home Clips: the clip API, the intent API, the Alexa endpoint and the web page (python -m skill).
# Written by scripts/install-service.sh; settings and secrets belong in /etc/home-clips/home-clips.env.
[Unit]
Description=Home Clips (camera clips, voice and Alexa)
Documentation=file://$prefix/docs/deploy.md
After=network-online.target
Wants=network-online.target

[Service]
Type=exec
User=$user
Group=$user
WorkingDirectory=$prefix
Environment=CLIPSTORE_DATA=$data PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
EnvironmentFile=-/etc/home-clips/home-clips.env
ExecStart=$prefix/.venv/bin/python -m skill --data $data --host $host --port $port
Restart=on-failure
RestartSec=5
TimeoutStopSec=45

# The data directory: /var/lib/$name, created for the service, owned by its user, closed to everyone else.
StateDirectory=$name
StateDirectoryMode=0700
UMask=0077

# The sandbox: nothing but the data directory is writable, no privileges, no devices, a private /tmp.
NoNewPrivileges=yes
CapabilityBoundingSet=
AmbientCapabilities=
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
ProtectProc=invisible
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RemoveIPC=yes
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
EOF
}

if [ "$action" = print ]; then
  unit
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-service: run as root (sudo $0 ...), or --print-unit to see the unit" >&2
  exit 1
fi
unit_file=/etc/systemd/system/$name.service

if [ "$action" = uninstall ]; then
  systemctl disable --now "$name.service" 2>/dev/null || true
  rm -f "$unit_file"
  systemctl daemon-reload
  echo "install-service: removed $unit_file; the data ($data), the settings (/etc/home-clips) and the user stay"
  exit 0
fi

echo "install-service: copying the code to $prefix"
mkdir -p "$prefix"
if [ "$src" != "$prefix" ]; then
  tar -C "$src" --exclude=./.git --exclude=./.venv --exclude=./.venv-ha --exclude=./data --exclude='*/__pycache__' \
      -cf - . | tar -C "$prefix" -xf -
fi
"$prefix/scripts/setup.sh"   # system packages and $prefix/.venv (runtime only); quick when nothing changed

if ! id -u "$user" >/dev/null 2>&1; then
  echo "install-service: creating the system user $user"
  useradd --system --user-group --home-dir "$data" --no-create-home --shell /usr/sbin/nologin "$user"
fi
install -d -m 0750 -o root -g "$user" /etc/home-clips
if [ ! -f /etc/home-clips/home-clips.env ]; then
  install -m 0640 -o root -g "$user" /dev/null /etc/home-clips/home-clips.env
  cat > /etc/home-clips/home-clips.env <<'EOF'
# Settings of the Home Clips service (KEY=value; see docs/deploy.md). Restart it after a change:
#   sudo systemctl restart home-clips
#PUBLIC_URL=https://clips.example.org
#TRUSTED_PROXIES=127.0.0.1
#ALEXA_SKILL_ID=amzn1.ask.skill....
#ALEXA_CLIENT_ID=...
#ALEXA_CLIENT_SECRET=...
#SUPPORT_CONTACT=support@example.org
EOF
fi
unit > "$unit_file"
chmod 0644 "$unit_file"
systemctl daemon-reload
if [ $start = 1 ]; then
  systemctl enable "$name.service"
  systemctl restart "$name.service"
  echo "install-service: $name is running: systemctl status $name; journalctl -u $name -f"
else
  echo "install-service: installed $unit_file (not started: systemctl enable --now $name)"
fi
cat <<EOF
install-service: the data directory is $data. A household of your own (prints its token once):
  cd $prefix && sudo -u $user CLIPSTORE_DATA=$data .venv/bin/python -m clipstore household add "Our home" --tz Europe/Berlin
EOF
