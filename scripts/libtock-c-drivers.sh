#!/usr/bin/env bash
# Build libtock-c's example apps for each driver of issue 16 with tockemu-make,
# run each in tockemu with the inputs its README or source needs, and check
# that it does what the README or source says (docs/drivers.md has the table
# of the last run and why each check is what it is).
#
#   scripts/libtock-c-drivers.sh LIBTOCK_C_CHECKOUT [DRIVER...]
#
# Opt-in: nothing runs it by itself (it needs a libtock-c checkout, which is
# never part of this repository). Environment: TOCKEMU_MAKE, TOCKEMU (default:
# this tree's build/ copies), OUT (a folder for each example's build log,
# output, trace and PNG files; default a temporary one, kept when given).
# Prints one line per example: driver, example, verdict (ok, FAIL, or
# no-sources when the example needs a library libtock-c downloads, e.g. u8g2
# or lvgl, that is not in the checkout and tockemu-make's run of the
# library's Makefile.setup could not fetch), and the reason.
# Exit status 0 if nothing failed, 1 otherwise, 2 on bad arguments.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 LIBTOCK_C_CHECKOUT [DRIVER...]" >&2; exit 2; }
checkout=$(cd "$1" 2>/dev/null && pwd) || { echo "$0: $1: no such folder" >&2; exit 2; }
shift
[ -f "$checkout/AppMakefile.mk" ] || { echo "$0: $checkout: not a libtock-c checkout" >&2; exit 2; }
TOCKEMU_MAKE=${TOCKEMU_MAKE:-$here/build/libtock-host/tools/tockemu-make}
TOCKEMU=${TOCKEMU:-$here/build/emu/tools/tockemu}
keep=1
[ -n "${OUT:-}" ] || { OUT=$(mktemp -d /tmp/libtock-c-drivers.XXXXXX); keep=0; }
mkdir -p "$OUT"

# driver<TAB>example<TAB>virtual run time<TAB>tockemu arguments (- for none;
# make:ARG goes to tockemu-make after --, e.g. the TBF headers libtock-c's
# Makefile asks elf2tab for through ELF2TAB_ARGS)<TAB>checks
# Checks, separated by " && ": out:REGEX (a line of the app's output matches,
# PCRE), trace:REGEX (a line of the --trace file), png (a --screen-png frame
# was written and its last frame is not all one colour), notout:REGEX (no
# line matches), exit:N (tockemu's exit status; default 0 or 5, i.e. it ran
# until the time limit without a fault), as-kernel:WHY (the app does not do
# what its README says, and the checks above pin down that tockemu does what
# the kernel at 65608d71 does instead: verdict as-kernel, not a failure).
table() {
    cat <<'TABLE'
sensors	sensors	3s	--sensor=temperature=2150 --sensor=humidity=4500	out:^Temperature: +21 deg C && out:^Humidity: +45% && out:^Acceleration: X: 0 Y: 0 Z: 1000
sensors	tests/temperature	3s	--sensor=temperature=2150	out:^\[Temperature\] 21\.50 deg C
sensors	tests/ambient_light	3s	--sensor=ambient_light=420	out:Value\(420 lux\)
sensors	tests/proximity	3s	--sensor=proximity=200	out:^Number of LEDs on the board: \d+ && trace:pins led 0 on && trace:pins led 3 on
sensors	accel-leds	3s	--sensor=accelerometer=0,0,1000	trace:pins led 2 on
sensors	find_north	3s	--sensor=magnetometer=0,500,0	out:^x: 0, y: 500, z: 0 && trace:pins led 1 on
adc	tests/adc/adc	3s	--scenario=@ADC	out:^Single Samples - Channel 0 && notout:ADC Reading && as-kernel:the first single sample never returns: the capsule queues upcalls 0 and 1 together and the kernel's yield-wait-for readiness flag follows the last one queued
adc	tests/adc/adc_single_samples	3s	--scenario=@ADC	out:^Single Samples && notout:^Channel 0: && as-kernel:the same single-sample wait as tests/adc/adc
adc	tests/adc/adc_continuous	3s	--scenario=@ADC	out:^Beginning continuous sampling on channel 0 at 10 Hz && out:Value: [1-9]
adc	tests/adc/adc_single_buffered	3s	--scenario=@ADC	out:^Channel: 0\tCount: 2205\tAvg: [1-9]
adc	tests/adc/adc_double_buffered	3s	--scenario=@ADC	out:^Channel: 0\tCount: 2205\tAvg: [1-9]
rtc	tests/rtc	3s	-	out:^Date: \{year: 2023, month: 1, day: 1, day_of_week: 1, hour: 12, minute: 30, seconds: \d+\}
buzzer	music	12s	-	out:^Ode of Joy && trace:pins buzzer 0 tone 1319 Hz && trace:^[1-9]\d*\.\d+s pins buzzer 0 tone
servo	servo	20s	-	out:^The number of available servomotors is: 1 && out:^ This servo cannot return its angle && trace:servo
crc	tests/crc	3s	-	out:Case 20: result=b5ddeb44 \(OK\) && notout:FAIL
sha	tests/sha	3s	-	out:^SHA computation correct
hmac	tests/hmac	3s	-	out:^\[HMAC\] Matched!
aes	tests/aes	3s	-	out:^Original text: 'A language empowering && out:^Comparison failure at 0 && exit:1 && as-kernel:the CTR half passes; the CCM half wants a message length no kernel command sets
dac	tests/dac	1s	-	out:^\[TEST\] DAC && trace:device dac 512$ && trace:device dac 544$
i2c	tests/i2c/i2c_master_ping_pong	3s	--press=0@100ms --board=@I2CBOARD	out:^Sending as master && out:^Sent\. && trace:i2c 0x41 write
touch	tests/touch	3s	--scenario=@TOUCH	out:^Number of touches: 2 && out:^0: pressed \(1\): 10 y 20 && out:^0: pressed \(1\): 5 y 5, 1: pressed \(1\): 50 y 60
gpio_async	tests/gpio_async	7s	-	out:^Enabling rising edge interrupt on port 0 pin 1 && out:^INTERRUPT port:0 pin:0 val:1 && out:^Now disabling interrupt && as-kernel:libtock-c reads the kernel's (port, pin) interrupt upcall as (pin, value), so pin 1 prints as pin:0 val:1
text_screen	tests/text_screen	8s	-	trace:text-screen \|Hello! +\| +\| && trace:^5\.\d+s .*text-screen \|Hello! +\|Goodbyee! +\| && trace:^7\.\d+s .*text-screen \| +\| +\|
screen	tests/screen/screen_init	3s	--screen=240x240:rgb565	out:^screen init && png
screen	tests/screen/sierpinski_carpet	1s	-	png
screen	tests/screen-tock	3s	-	png
screen	tests/u8g2-demos/circle	3s	-	png
screen	tests/u8g2-demos/count	3s	-	png
screen	tests/u8g2-demos/graph	3s	-	png
screen	tests/u8g2-demos/increment	3s	-	png
screen	tests/u8g2-demos/led-menu	3s	-	png
screen	tests/u8g2-demos/spin	3s	-	png
screen	tests/u8g2-demos/tock-logo	3s	-	png
screen	tests/u8g2-demos/tock-scroll	3s	-	png
screen	tests/u8g2-demos/triangle	3s	-	png
screen	lvgl	3s	--screen=240x240:rgb565	png
isolated_nvs	tests/isolated_nonvolatile_storage/invs_read_write	3s	--appid=tbf-header make:--tockbin=--short-id=0x20 make:--tockbin=--storage-write-id=32 make:--tockbin=--storage-read=32 make:--tockbin=--storage-modify=32	out:^Have 2048 bytes of nonvolatile storage && out:^All tests succeeded
isolated_nvs	tests/isolated_nonvolatile_storage/invs_single	3s	--appid=tbf-header make:--tockbin=--short-id=0x21 make:--tockbin=--storage-write-id=33 make:--tockbin=--storage-read=33 make:--tockbin=--storage-modify=33	out:Size: Success && notout:: Fail
isolated_nvs	tests/isolated_nonvolatile_storage/invs_no_permission	3s	--appid=tbf-header make:--tockbin=--short-id=0x22 make:--tockbin=--storage-write-id=0	out:Exists: Success && notout:: Fail
TABLE
}

# Inputs some examples need, written once into OUT.
printf '%s\n' '0ms adc 0 1000' '0ms adc 1 2000' '1500ms adc 0 3000' >"$OUT/adc.scenario"
printf '%s\n' '[i2c]' 'devices = eeprom@0x41' >"$OUT/i2c.ini" # the ping-pong peer's address
printf '%s\n' '500ms touch press 10 20' '700ms touch move 30 40' '900ms touch release 30 40' \
    '1200ms touch press 5 5 press 50 60' '1400ms touch release 5 5 release 50 60' >"$OUT/touch.scenario"

# Does the last PNG in $1 have more than one colour?
png_has_content() {
    python3 "$here/scripts/png-has-content.py" "$1"
}

run_one() {
    local driver=$1 ex=$2 stop=$3 args=$4 checks=$5
    local dir=$checkout/examples/$ex log
    log=$OUT/$(echo "$ex" | tr / _)
    if [ ! -d "$dir" ]; then
        printf '%-12s %-50s %-10s %s\n' "$driver" "$ex" FAIL "not in the checkout"
        return 1
    fi
    [ "$args" = - ] && args=""
    local make_args=() run_args=() a
    for a in $args; do
        case $a in
        make:*) make_args+=("${a#make:}") ;;
        *) run_args+=("$a") ;;
        esac
    done
    if ! (cd "$dir" && "$TOCKEMU_MAKE" -- "${make_args[@]}") >"$log.build" 2>&1; then
        local why verdict=FAIL
        why=$(grep -v 'has no sources yet' "$log.build" | grep -m1 -E 'error|tockemu-make:|undefined reference' | cut -c1-100)
        # tockemu-make's Makefile.setup could not download the library.
        grep -q -E 'library [^:]*: (its download failed|its sources are not in the checkout)' "$log.build" &&
            verdict=no-sources
        printf '%-12s %-50s %-10s %s\n' "$driver" "$ex" "$verdict" "build: $why"
        [ $verdict = no-sources ]
        return
    fi
    local tab
    tab=$(ls "$dir"/build/*.tab | head -1)
    run_args=("${run_args[@]//@ADC/$OUT/adc.scenario}")
    run_args=("${run_args[@]//@TOUCH/$OUT/touch.scenario}")
    run_args=("${run_args[@]//@I2CBOARD/$OUT/i2c.ini}")
    rm -rf "$log.png" && mkdir -p "$log.png"
    timeout 120 "$TOCKEMU" --stop-after "$stop" --no-process-console --seed 1 \
        --trace "$log.trace" --screen-png "$log.png" "${run_args[@]}" "$tab" >"$log.out" 2>"$log.err" </dev/null
    local rc=$? note="" want_exit="" as_kernel=""
    local IFS_save=$IFS check
    IFS=$'\n'
    for check in $(echo "$checks" | sed 's/ && /\n/g'); do
        case $check in
        out:*) grep -q -P -- "${check#out:}" "$log.out" || note+="output lacks /${check#out:}/; " ;;
        notout:*) ! grep -q -P -- "${check#notout:}" "$log.out" || note+="output has /${check#notout:}/; " ;;
        as-kernel:*) as_kernel=${check#as-kernel:} ;;
        trace:*) grep -q -P -- "${check#trace:}" "$log.trace" || note+="trace lacks /${check#trace:}/; " ;;
        png) png_has_content "$log.png" || note+="no PNG frame with content; " ;;
        exit:*) want_exit=${check#exit:} ;;
        esac
    done
    IFS=$IFS_save
    if [ -n "$want_exit" ]; then
        [ "$rc" -eq "$want_exit" ] || note+="exit $rc, not $want_exit; "
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then
        note+="exit $rc: $(grep -m1 -v '^$' "$log.err" | cut -c1-80); "
    fi
    if [ -z "$note" ] && [ -n "$as_kernel" ]; then
        printf '%-12s %-50s %-10s %s\n' "$driver" "$ex" as-kernel "$as_kernel"
    elif [ -z "$note" ]; then
        printf '%-12s %-50s %-10s %s\n' "$driver" "$ex" ok ""
    else
        printf '%-12s %-50s %-10s %s\n' "$driver" "$ex" FAIL "$note"
        return 1
    fi
}

failed=0
printf '%-12s %-50s %-10s %s\n' DRIVER EXAMPLE VERDICT REASON
while IFS=$'\t' read -r driver ex stop args checks; do
    if [ $# -gt 0 ]; then
        m=0
        for d in "$@"; do [ "$d" = "$driver" ] && m=1; done
        [ $m -eq 1 ] || continue
    fi
    run_one "$driver" "$ex" "$stop" "$args" "$checks" || failed=1
done < <(table)
[ $keep -eq 1 ] || rm -rf "$OUT"
exit $failed
