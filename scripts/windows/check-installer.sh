#!/usr/bin/env bash
# Installs the Windows installer silently under Wine, as IT's bulk deployment does
# (`setup.exe /S`, no administrator rights), checks what it leaves (the program files, the
# Start menu shortcut, the uninstall entry under HKCU), uninstalls it silently and checks that
# nothing of it remains. A fresh Wine prefix of its own each time; nothing of ~/.wine is read.
#
#   scripts/windows/check-installer.sh INSTALLER.exe
set -euo pipefail
installer=$(realpath "$1")
WINE=/usr/lib/wine/wine64

prefix=$(mktemp -d "${TMPDIR:-/tmp}/labordesk-installer-XXXXXX")
export WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
trap '/usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$prefix"' EXIT
"$WINE" wineboot --init
/usr/lib/wine/wineserver -w

fail() {
  echo "installer check: $*" >&2
  exit 1
}

"$WINE" "$installer" /S
/usr/lib/wine/wineserver -w
home=$(find "$prefix/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -n1)
instdir=$home/AppData/Local/Programs/LaborDesk
for file in LaborDesk.exe labordesk-cli.exe WebView2Loader.dll uninstall.exe; do
  [ -f "$instdir/$file" ] || fail "$file is not in %LOCALAPPDATA%\\Programs\\LaborDesk"
done
# Each file is the one built (Windows file names ignore case: a second file whose name differs
# only in case would have replaced the first).
for file in LaborDesk.exe labordesk-cli.exe; do
  cmp -s "$instdir/$file" "$(dirname "$installer")/windows/$file" \
    || fail "the installed $file differs from the one built"
done
[ -f "$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/LaborDesk.lnk" ] \
  || fail "no Start menu shortcut"
grep -q '^\[Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\LaborDesk\]' "$prefix/user.reg" \
  || fail "no uninstall entry under HKCU"
if grep -q 'LaborDesk' "$prefix/system.reg"; then
  fail "it wrote to HKLM, which needs administrator rights"
fi
echo "installed per user: $(find "$instdir" -type f | wc -l) files, the shortcut and the uninstall entry"

# `_?=` runs the uninstaller in place, so waiting for it waits for the removal.
"$WINE" "$instdir/uninstall.exe" /S "_?=$("$WINE" winepath -w "$instdir" 2>/dev/null)"
/usr/lib/wine/wineserver -w
for file in LaborDesk.exe labordesk-cli.exe WebView2Loader.dll; do
  [ ! -e "$instdir/$file" ] || fail "$file is still there after uninstalling"
done
[ ! -e "$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/LaborDesk.lnk" ] \
  || fail "the shortcut is still there after uninstalling"
if grep -q '^\[Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\LaborDesk\]' "$prefix/user.reg"; then
  fail "the uninstall entry is still there after uninstalling"
fi
echo "uninstalled: the program files, the shortcut and the entry are gone"
