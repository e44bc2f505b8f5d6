#!/usr/bin/env bash
# Debian packages playrunner needs on the machine: git (repositories), openssh (the runner's
# ssh client, and sshd for the tests' real SSH hosts), util-linux's setpriv and acl's setfacl
# (the playbook runs as an unprivileged user of its own); with WITH_BROWSER=1, chromium for the
# console's browser tests. As root it also makes those users.
set -euo pipefail

PLAYBOOK_USERS=${PLAYBOOK_USERS:-32}

missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v setfacl >/dev/null 2>&1 || missing+=(acl)
# The browser tests drive Debian's chromium (Playwright is told its path: no browser download).
if [ "${WITH_BROWSER:-0}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || sudo="missing"
  [ "$sudo" = missing ] || sudo="sudo"
fi

if [ ${#missing[@]} -gt 0 ]; then
  [ "$sudo" = missing ] && { echo "install as root: apt-get install ${missing[*]}" >&2; exit 1; }
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The playbook users exist only where the runner runs as root (CI, a root shell): elsewhere the
# local stack says at start that it runs playbooks as its own user.
[ "$(id -u)" -eq 0 ] || exit 0
getent group playrunner-play >/dev/null || groupadd --system playrunner-play
# Their homes are made (empty) by the runner when a run claims the user.
for n in $(seq 0 $((PLAYBOOK_USERS - 1))); do
  name="playrunner-play-$n"
  home="/var/lib/playrunner/home/$name"
  if getent passwd "$name" >/dev/null; then
    [ "$(getent passwd "$name" | cut -d: -f6)" = "$home" ] || usermod --home "$home" "$name"
    continue
  fi
  useradd --system --gid playrunner-play --no-create-home --home-dir "$home" \
    --shell /usr/sbin/nologin "$name"
done

# ansible-playbook runs as those users from this project's interpreter: they need to pass
# through (not list) every directory above it, such as a 0700 /root holding pyenv.
python=${PYTHON:-python3}
for target in "$PWD/.venv/bin/python" "$(command -v "$python")"; do
  [ -e "$target" ] || continue
  for path in "$target" "$(readlink -f "$target")"; do
    dir=$(dirname "$path")
    while [ "$dir" != "/" ]; do
      if [ "$(( 0$(stat -c %a "$dir") & 1 ))" -eq 0 ]; then
        setfacl -m g:playrunner-play:x "$dir"
      fi
      dir=$(dirname "$dir")
    done
  done
done
