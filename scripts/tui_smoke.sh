#!/usr/bin/env bash
# Drives the real `qualkit tui` in tmux as a person would: open the demo project, find an
# interview, select two sentences, code them through the picker, wait for the suggestions,
# accept one, quit; then check both codings with `qualkit codings`. A second run codes with a
# number key and is killed with kill -9: the coding it confirmed must still be in the project.
# A third searches the transcripts, opens a hit, and looks at the tables. Prints every screen
# it looked at.
#
# Usage: scripts/tui_smoke.sh [WIDTHxHEIGHT]   (default 100x30; try 80x24)
set -euo pipefail
cd "$(dirname "$0")/.."

QUALKIT=${QUALKIT:-$PWD/.venv/bin/qualkit}
PYTHON=${PYTHON:-$PWD/.venv/bin/python}
SIZE=${1:-100x30}
WIDTH=${SIZE%x*}
HEIGHT=${SIZE#*x}
SESSION="qualkit-smoke-$$"
WORK=$(mktemp -d)
PROJECT="$WORK/demo.qualkit"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v tmux >/dev/null || { echo "tmux is needed (apt-get install tmux)"; exit 2; }

"$QUALKIT" demo --project "$PROJECT" --no-tui >/dev/null 2>&1

settled() {  # wait until two looks 0.1 s apart show the same screen (up to 5 s)
  local before now
  before=$(tmux capture-pane -p -t "$SESSION" 2>/dev/null || true)
  for _ in $(seq 50); do
    sleep 0.1
    now=$(tmux capture-pane -p -t "$SESSION" 2>/dev/null || true)
    [[ "$now" == "$before" ]] && return 0
    before=$now
  done
}

show() {
  settled  # a scroll, or a panel filled after the text, may still be on its way
  echo "=== $1 (${WIDTH}x${HEIGHT})"
  tmux capture-pane -p -t "$SESSION"
}

wait_for() {  # wait until the screen shows $1 (up to 15 s; $2 = -E: $1 is a regex)
  for _ in $(seq 150); do
    if tmux capture-pane -p -t "$SESSION" 2>/dev/null | grep -q "${2:--F}" -- "$1"; then
      return 0
    fi
    sleep 0.1
  done
  show "timed out waiting for «$1»"
  exit 1
}

wait_gone() {  # wait until the program has ended (up to 10 s)
  for _ in $(seq 100); do
    tmux has-session -t "$SESSION" 2>/dev/null || return 0
    sleep 0.1
  done
  show "still running"
  exit 1
}

start() {
  tmux new-session -d -s "$SESSION" -x "$WIDTH" -y "$HEIGHT" \
    "env TERM=xterm-256color $QUALKIT tui $PROJECT --coder smoke"
  wait_for "enter opens one"
}

# What the selection of sentences 3 and 4 of se-d-08 is, from the project itself.
read -r START END < <("$PYTHON" - "$PROJECT" <<'EOF'
import sys
from qualkit.project import Project
with Project.open(sys.argv[1]) as project:
    s = project.segments("se-d-08", "sentence")
    print(s[2].start, s[3].end)
EOF
)

# --- 1. open, filter, open a transcript, select, code through the picker, quit ---------------
start
show "overview"
type_keys() {  # at a person's pace: one key every 50 ms
  for key in "$@"; do tmux send-keys -t "$SESSION" "$key"; sleep 0.05; done
}

tmux send-keys -t "$SESSION" /
tmux send-keys -t "$SESSION" -l "se-d-08"
wait_for "1 of 19 transcripts"
tmux send-keys -t "$SESSION" Enter
wait_for "v selects"
type_keys Down Down v Down
settled
show "reader, two sentences selected"
tmux send-keys -t "$SESSION" c
wait_for "Code «"
tmux send-keys -t "$SESSION" -l "bemöt"
wait_for "bemöt "
show "code picker"
tmux send-keys -t "$SESSION" Enter
wait_for "coded: Bemötande"
show "after coding"
wait_for "open · n next"  # the suggestions, computed in a thread meanwhile
tmux send-keys -t "$SESSION" n
wait_for "suggestion [0-9]+ of [0-9]+ open" -E
show "the next open suggestion"
tmux send-keys -t "$SESSION" a
wait_for "accepted: "
show "after accepting it"
tmux send-keys -t "$SESSION" q
wait_gone

found=$("$QUALKIT" codings "$PROJECT" --coder smoke --format csv)
echo "=== qualkit codings --coder smoke"
echo "$found"
expected="se-d-08,$START,$END,bemotande,smoke,manual"
if ! grep -q "^$expected," <<<"$found"; then
  echo "FAIL: expected a coding $expected"
  exit 1
fi
if ! grep -q "^se-d-08,.*,smoke,suggestion," <<<"$found"; then
  echo "FAIL: expected the accepted suggestion as a coding with origin suggestion"
  exit 1
fi

# --- 2. code with a number key, then kill -9: the confirmed coding must survive --------------
start
tmux send-keys -t "$SESSION" /
tmux send-keys -t "$SESSION" -l "cm-af-03"
wait_for "1 of 19 transcripts"
tmux send-keys -t "$SESSION" Enter
wait_for "v selects"
tmux send-keys -t "$SESSION" 1  # the code applied last: the accepted suggestion's
wait_for "coded: "
show "coded with key 1"
kill -9 "$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')"
wait_gone

after=$("$QUALKIT" codings "$PROJECT" --coder smoke --transcript cm-af-03 --format csv)
echo "=== after kill -9: qualkit codings --coder smoke --transcript cm-af-03"
echo "$after"
if ! grep -q "^cm-af-03,.*,smoke,manual," <<<"$after"; then
  echo "FAIL: the coding confirmed before kill -9 is missing"
  exit 1
fi
# --- 3. search across the transcripts, open a hit; the tables --------------------------------
start
tmux send-keys -t "$SESSION" f
wait_for "Search ·"
tmux send-keys -t "$SESSION" -l "bemotande"
tmux send-keys -t "$SESSION" Enter
wait_for "hits in"
show "search: bemotande"
tmux send-keys -t "$SESSION" Enter
wait_for "search hit 1 of"
show "the first hit in the reader"
type_keys Escape Escape Escape
wait_for "enter opens one"
tmux send-keys -t "$SESSION" t
wait_for "respondents coded"
show "tables: the crosstab"
tmux send-keys -t "$SESSION" d
wait_for "Cohen's kappa"
show "tables: disagreements"
tmux send-keys -t "$SESSION" q
wait_gone

echo "OK: coded and accepted a suggestion through the UI at ${WIDTH}x${HEIGHT}, quit," \
  "survived kill -9, searched, and saw the tables"
