# Shared by the scripts: find Swift, install missing Debian packages.
# shellcheck shell=bash

# Puts a Swift 6.1+ toolchain on PATH or stops with what to do.
reflex_find_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin "$HOME/.local/share/swiftly/bin"; do
            if [ -x "$dir/swift" ]; then PATH="$dir:$PATH"; export PATH; break; fi
        done
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: Reflex builds with Swift 6.1 or later, which Debian 12 does not package." >&2
        echo "       Install a Swift toolchain for Linux (for example with swiftly) and run this again." >&2
        exit 1
    fi
}

# Installs the given Debian packages that are not installed yet (apt-get update only when needed).
reflex_apt_install() {
    local missing=()
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "error: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
            exit 1
        fi
        echo "Installing ${missing[*]} ..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# What building Reflex needs.
REFLEX_BUILD_PACKAGES=(pkg-config libyaml-dev libmosquitto-dev libsqlite3-dev libcurl4-openssl-dev libgpiod-dev)
# What the test suite needs besides: a real JSON Schema validator for the schema tests, a real MQTT broker
# (mosquitto, with mosquitto_passwd, and its clients mosquitto_pub / mosquitto_sub) and openssl to make the certificates for the TLS tests; qemu, busybox, gcc
# and make to boot a VM with the kernel's gpio-sim driver (scripts/gpio-sim-vm.sh) and gpiod's tools for
# looking inside it; pip to fetch libgpiod 2.x's headers (PyPI's gpiod sdist) for compile-checking the v2 shim.
REFLEX_TEST_PACKAGES=(python3 python3-yaml python3-jsonschema mosquitto mosquitto-clients openssl
    qemu-system-x86 busybox-static gcc make gpiod python3-pip)

# For the benchmark scripts: reflex_measure LABEL CMD... runs CMD $RUNS times (default 5) and prints one line
# with the medians of wall time and peak RSS, and each run's wall time. Stops with CMD's output if it fails.
reflex_measure() {
    local label="$1"; shift
    local runs="${RUNS:-5}" times=() rss=() scratch t m mt mr
    scratch="$(mktemp -d)"
    for _ in $(seq "$runs"); do
        if ! /usr/bin/time -f "%e %M" -o "$scratch/time" "$@" >"$scratch/output" 2>&1; then
            cat "$scratch/output"; rm -rf "$scratch"; exit 1
        fi
        read -r t m < "$scratch/time"
        times+=("$t"); rss+=("$m")
    done
    rm -rf "$scratch"
    mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-44s median wall %7.3f s   median peak RSS %7.1f MB   (runs: %s)\n' \
        "$label" "$mt" "$(echo "$mr / 1024" | bc -l)" "${times[*]}"
}
