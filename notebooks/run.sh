#!/usr/bin/env bash
# Executes every notebook headlessly with the GoNB kernel and fails on any error
# (a Go compile error or a panic in a cell, which is where the notebooks assert
# their key numbers). Used by `make notebooks`.
#
#   notebooks/run.sh            execute into $NB_OUT (default out/notebooks); the committed files are untouched
#   notebooks/run.sh --inplace  execute and save the outputs into the committed notebooks
#   notebooks/run.sh [--inplace] notebooks/01-….ipynb …   only these notebooks
#
# Needs Debian's jupyter-nbconvert, jupyter-client and python3-ipykernel (they run
# on /usr/bin/python3) and Go; GoNB and goimports are built from tools/go.mod at
# the versions pinned there. Jupyter's state lives in a temporary folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

inplace=0
if [ "${1:-}" = "--inplace" ]; then
	inplace=1
	shift
fi
notebooks=("$@")
[ ${#notebooks[@]} -gt 0 ] || notebooks=(notebooks/*.ipynb)
out="${NB_OUT:-$root/out/notebooks}"
mkdir -p "$out"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export JUPYTER_DATA_DIR="$tmp/data" JUPYTER_RUNTIME_DIR="$tmp/runtime" \
	JUPYTER_CONFIG_DIR="$tmp/config" IPYTHONDIR="$tmp/ipython"
export EVENTSTUDY_ROOT="${EVENTSTUDY_ROOT:-$root}" # the eventstudy module the notebooks use

# GoNB and goimports (GoNB runs goimports on every cell) at the pinned versions.
(cd tools && go build -o "$tmp/bin/" github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports)
export PATH="$tmp/bin:$PATH"
"$tmp/bin/gonb" --install --force_deps --logtostderr=false >/dev/null 2>&1 ||
	"$tmp/bin/gonb" --install --force_deps

# panicked FILE prints each cell whose Go program panicked or exited non-zero.
panicked() {
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
bad = 0
for i, c in enumerate(json.load(open(sys.argv[1]))["cells"]):
    for o in c.get("outputs", []):
        t = "".join(o.get("text", ""))
        if o.get("output_type") == "error" or (o.get("name") == "stderr" and ("panic:" in t or "\nexit status " in "\n" + t)):
            print(f"cell {i}: {t or o.get('ename', '')}"[:2000])
            bad += 1
sys.exit(0 if bad else 1)
PY
}

status=0
passed=0
failed=0
for nb in "${notebooks[@]}"; do
	start=$(date +%s)
	if [ "$inplace" = 1 ]; then
		args=(--inplace)
	else
		args=(--output-dir "$out")
	fi
	log="$out/$(basename "$nb" .ipynb).log" # nbconvert's and GoNB's own logging
	executed="$out/$(basename "$nb")"
	[ "$inplace" = 1 ] && executed="$nb"
	# GoNB v0.11.3 fails the cell (and nbconvert) on a compile error but not on a
	# panic at run time: it only prints "panic: …" and "exit status 2" on stderr.
	# panicked() finds those in the executed notebook, so a failed check fails the run.
	if ! /usr/bin/python3 -m nbconvert --to notebook --execute \
		--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=gonb \
		"${args[@]}" "$nb" 2>"$log"; then
		echo "== $nb FAILED after $(($(date +%s) - start)) s; the failing cell and compiler output:"
		grep -v -E '^[IW][0-9]{4} ' "$log" | tail -60
		status=1
		failed=$((failed + 1))
	elif panicked "$executed"; then
		echo "== $nb FAILED after $(($(date +%s) - start)) s: a cell panicked (a failed check), see above"
		status=1
		failed=$((failed + 1))
	else
		echo "== $nb ok in $(($(date +%s) - start)) s"
		passed=$((passed + 1))
	fi
done
echo "notebooks: $passed passed, $failed failed"
exit $status
