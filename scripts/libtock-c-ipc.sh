#!/usr/bin/env bash
# Run libtock-c's IPC examples in tockemu and compare them with the outputs
# upstream documents for them (issue 12 part 1):
#   - rot13_service + rot13_client: the client prints its 12-byte message,
#     rot13'd by the service, then back, every 500 ms;
#   - services/unit_test_supervisor with the unit-test clients
#     unit_tests/passfail, unit_tests/timeout, tests/kv/kv_unit_tests and
#     the three tests/kv/kv_permissions apps, all loaded together: one
#     result line per test and one summary per client, as the READMEs show;
#   - tutorials/05_ipc (led, rng, logic): "Number of LEDs: 4", then logic
#     sets a random LED through the LED service every 500 ms.
#
#   scripts/libtock-c-ipc.sh [LIBTOCK_C_CHECKOUT]     (or LIBTOCK_C=...)
#
# Without a checkout it prints why it skipped and exits 0 (nothing of
# libtock-c is in this repository). The apps are built in the checkout's
# example folders (their build/), as scripts/libtock-c-sweep.sh does.
# Environment: TOCKEMU_MAKE, TOCKEMU (default: this tree's build/ copies,
# else the installed ones on PATH), OUT (keep the logs there).
# Written against libtock-c @497ea7cf. Exit status: 0 all match (or
# skipped), 1 some output differs, 2 bad usage or a failed build.
set -uo pipefail
me=libtock-c-ipc
here=$(cd "$(dirname "$0")/.." && pwd)
checkout=${1:-${LIBTOCK_C:-}}
if [ -z "$checkout" ]; then
    echo "$me: SKIPPED: no libtock-c checkout given (pass its folder or set LIBTOCK_C)"
    exit 0
fi
checkout=$(cd "$checkout" 2>/dev/null && pwd) || { echo "$me: $1: no such folder" >&2; exit 2; }
[ -f "$checkout/AppMakefile.mk" ] || { echo "$me: $checkout: not a libtock-c checkout" >&2; exit 2; }
if [ -z "${TOCKEMU_MAKE:-}" ] && [ -x "$here/build/libtock-host/tools/tockemu-make" ]; then
    TOCKEMU_MAKE=$here/build/libtock-host/tools/tockemu-make
    TOCKEMU=${TOCKEMU:-$here/build/emu/tools/tockemu}
fi
TOCKEMU_MAKE=${TOCKEMU_MAKE:-tockemu-make}
TOCKEMU=${TOCKEMU:-tockemu}
keep=1
[ -n "${OUT:-}" ] || { OUT=$(mktemp -d /tmp/$me.XXXXXX); keep=0; }
mkdir -p "$OUT"
ex=$checkout/examples

# The KV tests' Makefiles give elf2tab a write id that "has to align with
# what the kernel gives this application as a short ID": a board at the
# kernel's snapshot grants storage only to a fixed ShortId and stores keys
# under it (TbfHeaderStoragePermissions). So each KV app gets that id as
# its ShortId TLV and tockemu runs with --appid=tbf-header. kv_no_write has
# no write id; its read id serves.
build() { # FOLDER [tockemu-cc args]
    local dir=$1
    shift
    if ! (cd "$ex/$dir" && "$TOCKEMU_MAKE" -- "$@") >"$OUT/$(echo "$dir" | tr / _).build" 2>&1; then
        echo "$me: $dir: tockemu-make failed (log: $OUT/$(echo "$dir" | tr / _).build)" >&2
        [ $keep -eq 1 ] || echo "$me: set OUT to keep the logs" >&2
        exit 2
    fi
}
tab() { ls "$ex/$1"/build/*.tab | head -1; }
short_id() { echo "--tockbin=--short-id=$1"; }

echo "$me: building in $ex"
for d in rot13_service rot13_client tutorials/05_ipc/led tutorials/05_ipc/rng \
    tutorials/05_ipc/logic services/unit_test_supervisor unit_tests/passfail unit_tests/timeout; do
    build "$d"
done
build tests/kv/kv_unit_tests "$(short_id 1153320202)"
build tests/kv/kv_permissions/kv_no_write "$(short_id 9090)"
build tests/kv/kv_permissions/kv_no_read "$(short_id 9091)"
build tests/kv/kv_permissions/kv_no_modify "$(short_id 9092)"

failed=0
run() { # NAME EXPECTED-FILE FILTER tockemu-args...
    local name=$1 expected=$2 filter=$3
    shift 3
    timeout 120 "$TOCKEMU" --no-process-console --seed 1 "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" </dev/null
    local rc=$?
    if grep -qi fault "$OUT/$name.err"; then
        echo "$name: FAIL (a fault: $(grep -m1 -i fault "$OUT/$name.err"))"
        failed=1
    elif ! { cat "$OUT/$name.out"; cat "$OUT/$name.err"; } | grep -E -- "$filter" | diff -u "$expected" - >"$OUT/$name.diff"; then
        echo "$name: FAIL (exit $rc; the output differs from upstream's:)"
        cat "$OUT/$name.diff"
        failed=1
    else
        echo "$name: ok"
    fi
}

# rot13: the service changes the message in the client's shared buffer in
# place; the client prints it and notifies again after 500 ms.
cat >"$OUT/rot13.expected" <<'EOF'
12: Uryyb Jbeyq!
12: Hello World!
12: Uryyb Jbeyq!
12: Hello World!
12: Uryyb Jbeyq!
EOF
run rot13 "$OUT/rot13.expected" '^[0-9]+: ' --stop-after 2200ms \
    "$(tab rot13_service)" "$(tab rot13_client)"

# The unit-test supervisor numbers each client by its IPC slot (the
# supervisor is slot 0). kv_unit_tests' README lists 20 of the 24 tests its
# source has at 497ea7cf; the lines below are its README's with the four
# newer tests in their place. The KV tests' progress lines are not results.
cat >"$OUT/unit_tests.expected" <<'EOF'
1.000: exists                   [✓]
1.001: set_get                  [✓]
1.002: set_get_too_long         [✓]
1.003: key_too_long             [✓]
1.004: set_value_too_long       [✓]
1.005: get_not_found            [✓]
1.006: get_not_found2           [✓]
1.007: add                      [✓]
1.008: add_add                  [✓]
1.009: update                   [✓]
1.010: update_no_exist          [✓]
1.011: delete                   [✓]
1.012: delete_delete            [✓]
1.013: add_update_set           [✓]
1.014: set_zero_value           [✓]
1.015: set_get_32regions_1      [✓]
1.016: set_get_32regions_2      [✓]
1.017: set_get_32regions_3      [✓]
1.018: set_get_32regions_4      [✓]
1.019: set_get_32regions_5      [✓]
1.020: set_get_32regions_6      [✓]
1.021: set_get_32regions_7      [✓]
1.022: set_get_32regions_8      [✓]
1.023: garbage_collect          [✓]
Summary 1: [24/24] Passed, [0/24] Failed, [0/24] Incomplete
2.000: exists                   [✓]
2.001: set_no_permissions       [✓]
Summary 2: [2/2] Passed, [0/2] Failed, [0/2] Incomplete
3.000: exists                   [✓]
3.001: set_get_no_permissions   [✓]
Summary 3: [2/2] Passed, [0/2] Failed, [0/2] Incomplete
4.000: exists                   [✓]
4.001: set_get                  [✓]
4.002: set_set                  [✓]
4.003: set_delete               [✓]
Summary 4: [4/4] Passed, [0/4] Failed, [0/4] Incomplete
5.000: pass                     [✓]
5.001: pass                     [✓]
5.002: pass                     [✓]
5.003: fail                     [FAILED] 
5.004: fail                     [FAILED] 
5.005: pass                     [✓]
Summary 5: [4/6] Passed, [2/6] Failed, [0/6] Incomplete
6.000: pass                     [✓]
6.001: fail                     [FAILED] 
6.002: timeout                  [ERROR: Timeout]
Summary 6: [1/3] Passed, [1/3] Failed, [1/3] Incomplete
EOF
run unit_tests "$OUT/unit_tests.expected" '^([0-9]+\.[0-9]{3}: |Summary )' \
    --stop-after 20s --appid=tbf-header "$(tab services/unit_test_supervisor)" \
    "$(tab tests/kv/kv_unit_tests)" "$(tab tests/kv/kv_permissions/kv_no_write)" \
    "$(tab tests/kv/kv_permissions/kv_no_read)" "$(tab tests/kv/kv_permissions/kv_no_modify)" \
    "$(tab unit_tests/passfail)" "$(tab unit_tests/timeout)"

# 05_ipc: which LED changes is random (the RNG service), when is not: the
# first set at 0 ms, then one every 500 ms of virtual time. Each line below
# is "an LED changed at a multiple of 500 ms"; a set that leaves its LED as
# it was prints nothing, so only the count's lower bound is checked.
run 05_ipc <(echo "Number of LEDs: 4") '^Number of LEDs' --stop-after 5100ms --trace-leds \
    "$(tab tutorials/05_ipc/led)" "$(tab tutorials/05_ipc/rng)" "$(tab tutorials/05_ipc/logic)"
changes=$(grep -cE '^tockemu: ([0-9]*[05]00|0)\.000000 ms led [0-3] (on|off)$' "$OUT/05_ipc.err")
others=$(grep -E ' ms led ' "$OUT/05_ipc.err" | grep -cvE '^tockemu: ([0-9]*[05]00|0)\.000000 ms led [0-3] (on|off)$')
if [ "$changes" -lt 3 ] || [ "$others" -ne 0 ]; then
    echo "05_ipc: FAIL (LED changes on the 500 ms beat: $changes, off it: $others)"
    failed=1
else
    echo "05_ipc: LED changes on the 500 ms beat: $changes"
fi

[ $keep -eq 1 ] || rm -rf "$OUT"
exit $failed
