#!/usr/bin/env bash
# Build every libtock-c example with tockemu-make, run it in tockemu and print
# a table: example, build result, exit status, verdict against the outcome
# its README or source describes, and the reason when it is not "ok".
#
#   scripts/libtock-c-sweep.sh LIBTOCK_C_CHECKOUT [EXAMPLE_GLOB...]
#
# Environment: TOCKEMU_MAKE, TOCKEMU (default: this tree's build/ copies, else
# the installed ones on PATH), JOBS (parallel builds, default 2), STOP_AFTER
# (virtual time limit of a run, default 5s), OUT (a folder for each
# example's logs, default a temporary one, kept when given).
# Verdicts: ok, expected-fault (the example exists to fault), waits-input (it
# waits for a button or console input tockemu was not given), excluded
# (radio, BLE, Thread, LoRa), out-of-scope (another driver tockemu does not
# have), outside (it needs something no emulator supplies: a library
# libtock-c downloads, ARM/RISC-V-only source), upstream-fails (the kernel
# fails it the same way; counted with the outside ones), FAIL. Jumper wires and a
# second board on the I2C bus come from board files in examples/boards.
# The last lines count the examples in scope, the good ones and the outside
# ones.
# The checkout is only read and built in (its build/ folders); nothing of it
# goes into this repository. A library libtock-c downloads (u8g2, lua53, lvgl)
# is used when its sources are in the checkout; when not, tockemu-make runs
# the library's Makefile.setup as libtock-c's make does, and an example whose
# library it cannot fetch (no network) counts as outside.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 LIBTOCK_C_CHECKOUT [EXAMPLE_GLOB...]" >&2; exit 2; }
checkout=$(cd "$1" && pwd) || exit 2
shift
[ -f "$checkout/AppMakefile.mk" ] || { echo "$0: $checkout: not a libtock-c checkout" >&2; exit 2; }
if [ -z "${TOCKEMU_MAKE:-}" ]; then
    if [ -x "$here/build/libtock-host/tools/tockemu-make" ]; then
        TOCKEMU_MAKE=$here/build/libtock-host/tools/tockemu-make
        TOCKEMU=${TOCKEMU:-$here/build/emu/tools/tockemu}
    else
        TOCKEMU_MAKE=tockemu-make
    fi
fi
TOCKEMU=${TOCKEMU:-tockemu}
JOBS=${JOBS:-2}
STOP_AFTER=${STOP_AFTER:-5s}
keep=1
[ -n "${OUT:-}" ] || { OUT=$(mktemp -d /tmp/libtock-c-sweep.XXXXXX); keep=0; }
mkdir -p "$OUT"
export TOCKEMU_MAKE TOCKEMU STOP_AFTER OUT checkout here

# Examples that need hardware tockemu does not model (issue 11 part 9).
excluded_re='(^|/)(ble[^/]*|.*_ble_.*|ble|lora|openthread|thread_tutorials|ieee802154|lr1110|witenergy|services/ble-env-sense.*|tutorials/03_ble_scan|udp|security_app|ip_sense)(/|$)'

# What an example is expected to do, when "exits 0, or keeps running without
# a fault" is not it. FORMAT: path<TAB>kind<TAB>detail, kinds:
#   fault   it exists to fault (crash_dummy, the MPU tests)
#   output  its output must match the regex in detail (PCRE over the whole
#           output: (?m) for ^ and $ at lines, (?s) to cross them)
#   input   it waits for input that a plain run does not give
#   args    extra tockemu arguments for the run (detail); may come on top
#           of another row for the same example. @BOARDS@ stands for this
#           tree's examples/boards (board files with wires, a second board)
#   trace   the run's trace (--trace) must match the regex in detail too;
#           on top of another row
#   make    extra tockemu-make arguments (after --, for tockemu-cc); the same
#   with    run together with the app of another example (detail)
#   upstream  the kernel fails it the same way (docs/libtock-c-examples.md
#           gives the evidence): its output must match the regex in detail,
#           the kernel's failure, for the verdict upstream-fails; counted
#           with the outside ones, as no correct emulator passes it
#   png     it draws on the screen: the last --screen-png frame must have
#           more than one colour (on top of the other rows)
#   nodriver  needs a driver or facility tockemu does not have (detail:
#           which); out of scope like the radio examples
#   outside needs what no emulator supplies (detail: what), see the verdict
expectations() {
    cat <<'TABLE'
tests/crash_dummy	fault	
tests/crash_dummy	args	--press=0@100ms
tests/fault	fault	
tests/mpu/unit/mpu_flash_end	fault	
tests/mpu/unit/mpu_flash_start	fault	
tests/mpu/unit/mpu_grant_start	fault	
tests/mpu/unit/mpu_heap_end	fault	
tests/mpu/unit/mpu_ram_end	fault	
tests/mpu/unit/mpu_stack_growth	fault	
c_hello	output	Hello World!
tests/printf_long	output	Hi welcome to Tock
tests/malloc_test02	output	malloc02: success
tests/button_print	input	
tests/usb	args	--usb=pty
tests/kv/kv_system	make	--tockbin=--short-id=0x10 --tockbin=--storage-write-id=16 --tockbin=--storage-read=16 --tockbin=--storage-modify=16
tests/kv/kv_system	args	--appid=tbf-header
tests/kv/kv_system	output	(?m)^Failure 10
rot13_client	with	rot13_service
tutorials/05_ipc/logic	with	tutorials/05_ipc/led tutorials/05_ipc/rng
tests/analog_comparator	nodriver	an analog comparator driver (0x7)
tests/eui64	nodriver	an EUI-64 driver (0x30006)
tests/keyboard_hid	nodriver	a USB HID keyboard driver (0x30008)
tests/sdcard	nodriver	an SD card driver (0x50002)
tests/microbit_v2	nodriver	the micro:bit v2's sound, BLE and LED-matrix drivers
tests/hail	nodriver	libnrfserialization (nRF BLE serialization)
tests/imix	nodriver	libnrfserialization (nRF BLE serialization)
lwip_ethernet_tap	nodriver	an Ethernet tap driver and lwip
tests/kv/kv_unit_tests	with	services/unit_test_supervisor|Summary [0-9]+: \[[0-9]+/[0-9]+\] Passed, \[0/
tests/kv/kv_permissions/kv_no_modify	with	services/unit_test_supervisor|Summary [0-9]+: \[[0-9]+/[0-9]+\] Passed, \[0/
tests/kv/kv_permissions/kv_no_read	with	services/unit_test_supervisor|Summary [0-9]+: \[[0-9]+/[0-9]+\] Passed, \[0/
tests/kv/kv_permissions/kv_no_write	with	services/unit_test_supervisor|Summary [0-9]+: \[[0-9]+/[0-9]+\] Passed, \[0/
tests/kv/kv_unit_tests	make	--tockbin=--short-id=1153320202
tests/kv/kv_unit_tests	args	--appid=tbf-header
tests/kv/kv_permissions/kv_no_modify	make	--tockbin=--short-id=9092
tests/kv/kv_permissions/kv_no_modify	args	--appid=tbf-header
tests/kv/kv_permissions/kv_no_read	make	--tockbin=--short-id=9091
tests/kv/kv_permissions/kv_no_read	args	--appid=tbf-header
tests/kv/kv_permissions/kv_no_write	make	--tockbin=--short-id=9090
tests/kv/kv_permissions/kv_no_write	args	--appid=tbf-header
tests/isolated_nonvolatile_storage/invs_single	args	--appid=names --storage-policy=tbf-header-else-individual
tests/isolated_nonvolatile_storage/invs_read_write	args	--appid=names --storage-policy=tbf-header-else-individual
tests/isolated_nonvolatile_storage/invs_no_permission	args	--appid=names --storage-policy=tbf-header-else-individual
tests/isolated_nonvolatile_storage/invs_single	output	(?s)\A(?!.*: Fail).*Write Fail Not Within Region: Success
tests/isolated_nonvolatile_storage/invs_no_permission	output	(?s)\A(?!.*: Fail).*Write: Success
tutorials/dynamic-apps-and-policies/app_loader	nodriver	the dynamic app loader driver (0x10001)
tutorials/hotp/hotp_oracle_complete	nodriver	the HOTP tutorial's encryption oracle capsule (0x99999)
tests/aes	upstream	(?s)Original text: 'A language empowering.*AES CCM Example Test.*Comparison failure at 0\nExpected value: 0x4a\n But got value: 0x2\n
tests/gpio/gpio_loopback_test	args	--wire 0-1 --stop-after 8s
tests/gpio/gpio_loopback_test	output	(?s)pin 0 -> pin 1\.\.\.SUCCESS.*pin 1 -> pin 0\.\.\.SUCCESS
unit_tests/nrf52840dk-test	args	--board @BOARDS@/nrf52840dk-test.ini
unit_tests/nrf52840dk-test	with	services/unit_test_supervisor|Summary [0-9]+: \[25/25\] Passed
tests/i2c/i2c_master_ping_pong	args	--board @BOARDS@/i2c-ping-pong.ini --press 0@100ms
tests/i2c/i2c_master_ping_pong	output	(?s)Sending as master\nSent\.
tests/i2c/i2c_master_ping_pong	trace	i2c 0x41 write 48 65 6c 6c 6f 20 66 72 69 65 6e 64 2e 0a 00 00
tests/i2c/i2c_master_slave_ping_pong	args	--board @BOARDS@/i2c-ping-pong.ini --press 0@100ms
tests/i2c/i2c_master_slave_ping_pong	output	(?s)Switching to master\nCB: Master write\nCB: Slave write\n
tests/i2c/i2c_master_slave_ping_pong	trace	i2c 0x40 write from 0x41 48 65 6c 6c 6f 20 66 72 69 65 6e 64 2e 0a 00 00
tests/bare_bones	outside	ARM/RISC-V-only source: its own _start in assembly, no main
tests/crash_immediately_syscall	outside	ARM/RISC-V-only source: its own _start in assembly, no main
tests/mpu/mpu_no_libc	outside	ARM/RISC-V-only source (#error Unknown arch)
tests/stack_size_test01	outside	ARM/RISC-V-only source (#error Unknown architecture)
tests/stack_size_test02	outside	ARM/RISC-V-only source (#error Unknown architecture)
unit_tests/passfail	with	services/unit_test_supervisor|Summary [0-9]+: \[
unit_tests/timeout	with	services/unit_test_supervisor|Summary [0-9]+: \[
tests/u8g2-demos/circle	png	
tests/u8g2-demos/count	png	
tests/u8g2-demos/graph	png	
tests/u8g2-demos/increment	png	
tests/u8g2-demos/led-menu	png	
tests/u8g2-demos/spin	png	
tests/u8g2-demos/tock-logo	png	
tests/u8g2-demos/tock-scroll	png	
tests/u8g2-demos/triangle	png	
lvgl	args	--screen=240x240:rgb565
lvgl	png	
lua-hello	output	(?m)^Hello from Lua!
tutorials/dynamic-apps-and-policies/counter	png	
tutorials/dynamic-apps-and-policies/temperature	args	--sensor=temperature=2150
tutorials/dynamic-apps-and-policies/temperature	png	
tutorials/dynamic-apps-and-policies/process_manager	output	No App Loader Service
tutorials/dynamic-apps-and-policies/process_manager	args	--press=3@1s
tutorials/dynamic-apps-and-policies/process_manager	png	
tutorials/root_of_trust/screen	with	tutorials/root_of_trust/encryption_service_milestone_one|Starting encryption service
tutorials/root_of_trust/screen	args	--press=3@1s --press=2@1500ms --press=2@2s --press=2@2500ms --press=3@3s
tutorials/root_of_trust/screen	png	
tutorials/hotp/hotp_milestone_one	output	Programmed "test" as key
tutorials/hotp/hotp_milestone_one	png	
tutorials/hotp/hotp_milestone_two	make	--tockbin=--short-id=0x4016
tutorials/hotp/hotp_milestone_two	args	--appid=tbf-header --press=0@3s
tutorials/hotp/hotp_milestone_two	output	(?s)\A(?!.*Could not store key).*Programmed "test" as key
tutorials/hotp/hotp_milestone_two	png	
tutorials/hotp/hotp_milestone_three	make	--tockbin=--short-id=0x4016
tutorials/hotp/hotp_milestone_three	args	--appid=tbf-header --press=0@3s
tutorials/hotp/hotp_milestone_three	output	(?s)\A(?!.*Could not store key).*Programmed "test" as key
tutorials/hotp/hotp_milestone_three	png	
tests/console/console_recv_long	input	
tests/console/console_recv_short	input	
tests/console/console_timeout	input	
tests/number_guess_game	input	
tutorials/02_button_print	input	
tests/kv/kv_interactive	input	
buttons	input	
TABLE
}
export -f expectations

one() {
    local ex=$1 dir=$checkout/examples/$1 log=$OUT/$(echo "$1" | tr / _)
    local kind detail make_args run_args
    # One row of any kind but "make" and "args", which may come on top.
    kind=$(expectations | awk -F'\t' -v e="$ex" '$1 == e && $2 != "make" && $2 != "args" && $2 != "trace" && $2 != "png" { print $2 }')
    detail=$(expectations | awk -F'\t' -v e="$ex" '$1 == e && $2 != "make" && $2 != "args" && $2 != "trace" && $2 != "png" { print $3 }')
    local trace_re draws
    trace_re=$(expectations | awk -F'\t' -v e="$ex" '$1 == e && $2 == "trace" { print $3 }')
    draws=$(expectations | awk -F'\t' -v e="$ex" '$1 == e && $2 == "png" { print "yes" }')
    read -r -a make_args <<<"$(expectations | awk -F'\t' -v e="$ex" '$1 == e && $2 == "make" { print $3 }')"
    read -r -a run_args <<<"$(expectations | awk -F'\t' -v e="$ex" '$1 == e && $2 == "args" { print $3 }')"
    run_args=("${run_args[@]//@BOARDS@/$here/examples/boards}")
    if [ "$kind" = nodriver ]; then
        printf '%s\t-\t-\tout-of-scope\tneeds %s\n' "$ex" "$detail"
        return
    fi
    if [ "$kind" = outside ]; then
        printf '%s\t-\t-\toutside\tneeds %s\n' "$ex" "$detail"
        return
    fi
    if ! (cd "$dir" && "$TOCKEMU_MAKE" -- "${make_args[@]}") >"$log.build" 2>&1; then
        local why
        why=$(grep -v -E 'building libtock-c|has no sources yet' "$log.build" | grep -m1 -E 'error|tockemu-make:|undefined reference' | sed 's/^[^ ]*: //' | cut -c1-110)
        local lib
        lib=$(sed -n -E 's/.*library ([^:]*): (its download failed|its sources are not in the checkout).*/\1/p' "$log.build" | head -1)
        if [ -n "$lib" ]; then # libtock-c downloads it (Makefile.setup), and that failed
            printf '%s\tbuild-failed\t-\toutside\tneeds library %s, which libtock-c downloads (not in the checkout; fetching it failed)\n' "$ex" "$lib"
        else
            printf '%s\tbuild-failed\t-\tFAIL\t%s\n' "$ex" "$why"
        fi
        return
    fi
    local tab
    tab=$(ls "$dir"/build/*.tab 2>/dev/null | head -1)
    local args=(--stop-after "$STOP_AFTER" --no-process-console --seed 1 "${run_args[@]}")
    [ -z "$trace_re" ] || args+=(--trace "$log.trace")
    if [ -n "$draws" ]; then
        rm -rf "$log.png" && mkdir -p "$log.png"
        args+=(--screen-png "$log.png")
    fi
    local others=()
    if [ "$kind" = with ]; then # companions were built before the parallel part
        for o in ${detail%%|*}; do
            others+=("$(ls "$checkout/examples/$o"/build/*.tab | head -1)")
        done
        if [[ $detail == *'|'* ]]; then
            kind=output
            detail=${detail#*|}
        fi
    fi
    timeout 60 "$TOCKEMU" "${args[@]}" "${others[@]}" "$tab" >"$log.out" 2>"$log.err" </dev/null
    local rc=$?
    local verdict=FAIL note=""
    local faulted=0
    grep -q -i 'fault' "$log.err" && faulted=1
    case $kind in
    fault) [ $faulted -eq 1 ] && verdict=expected-fault || note="expected a fault" ;;
    input) [ $rc -eq 4 ] || [ $rc -eq 5 ] || [ $rc -eq 124 ] && verdict=waits-input || note="exit $rc" ;;
    upstream)
        if grep -q -z -P -- "$detail" "$log.out"; then verdict=upstream-fails; else note="output does not match the kernel's /$detail/"; fi ;;
    output)
        if [ $faulted -eq 0 ] && grep -q -z -P -- "$detail" "$log.out"; then verdict=ok; else note="output does not match /$detail/"; fi ;;
    *)
        if [ $faulted -eq 1 ]; then
            note=$(grep -m1 -i fault "$log.err" | cut -c1-110)
        elif [ $rc -eq 0 ] || [ $rc -eq 5 ] || [ $rc -eq 124 ]; then
            verdict=ok # 124: still running when the wall-clock bound hit
        elif [ $rc -eq 4 ]; then
            verdict=waits-input
        else
            note="exit $rc: $(head -c 100 "$log.err" | tr '\n' ' ')"
        fi ;;
    esac
    if [ -n "$trace_re" ] && [ "$verdict" = ok ] && ! grep -q -P -- "$trace_re" "$log.trace"; then
        verdict=FAIL
        note="trace does not match /$trace_re/"
    fi
    if [ -n "$draws" ] && [ "$verdict" != FAIL ] && ! python3 "$here/scripts/png-has-content.py" "$log.png"; then
        verdict=FAIL note="nothing drawn: no --screen-png frame with more than one colour"
    fi
    printf '%s\tbuilt\t%s\t%s\t%s\n' "$ex" "$rc" "$verdict" "$note"
}
export -f one

mapfile -t all < <(cd "$checkout/examples" && find . -name Makefile -printf '%h\n' | sed 's|^\./||' | LC_ALL=C sort)
selected=()
for ex in "${all[@]}"; do
    if [ $# -gt 0 ]; then
        m=0
        for g in "$@"; do [[ $ex == $g ]] && m=1; done
        [ $m -eq 1 ] || continue
    fi
    selected+=("$ex")
done

# Build libtock-c's libraries once, and the companions of "with" examples,
# before the parallel part.
(cd "$checkout/examples/c_hello" && "$TOCKEMU_MAKE") >/dev/null 2>&1 || true
for o in $(expectations | awk -F'\t' '$2 == "with" { sub(/\|.*/, "", $3); print $3 }' | tr ' ' '\n' | sort -u); do
    (cd "$checkout/examples/$o" && "$TOCKEMU_MAKE") >/dev/null 2>&1 || true
done

{
    for ex in "${selected[@]}"; do
        if [[ $ex =~ $excluded_re ]]; then
            printf '%s\t-\t-\texcluded\tradio, BLE, Thread or LoRa\n' "$ex"
        else
            echo "$ex" >>"$OUT/.queue"
        fi
    done
    [ -f "$OUT/.queue" ] && xargs -P "$JOBS" -I{} bash -c 'one "$@"' _ {} <"$OUT/.queue"
    rm -f "$OUT/.queue"
} | LC_ALL=C sort >"$OUT/table.tsv"

printf '%-58s %-13s %-4s %-15s %s\n' EXAMPLE BUILD EXIT VERDICT REASON
awk -F'\t' '{ printf "%-58s %-13s %-4s %-15s %s\n", $1, $2, $3, $4, $5 }' "$OUT/table.tsv"
total=$(grep -vcE $'\t(excluded|out-of-scope)\t' "$OUT/table.tsv")
good=$(grep -cE $'\t(ok|expected-fault|waits-input)\t' "$OUT/table.tsv")
outside=$(grep -cE $'\t(outside|upstream-fails)\t' "$OUT/table.tsv")
runnable=$((total - outside))
echo
echo "in scope: $total  good: $good  ($(( total ? good * 100 / total : 0 ))%)  excluded: $(grep -cE $'\t(excluded|out-of-scope)\t' "$OUT/table.tsv")"
echo "outside tockemu: $outside  of the other $runnable, good: $good  ($(( runnable ? good * 100 / runnable : 0 ))%)"
[ $keep -eq 1 ] || rm -rf "$OUT"
[ "$good" -eq "$runnable" ]
